"""Writes P3 and P3' as two helper functions of the cell, which forward and backward call."""
def p3(t):
    return 2.5 * t ** 3 - 1.5 * t


def p3_prime(t):
    return 7.5 * t ** 2 - 1.5


class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return p3(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * p3_prime(x)
