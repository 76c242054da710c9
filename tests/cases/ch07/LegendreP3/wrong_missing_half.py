"""Differentiates to 15x^2 - 3, dropping the factor 1/2."""
# diagnosis: 1/2 in front of P3 lost
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 0.5 * (5 * x ** 3 - 3 * x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * (15 * x ** 2 - 3)
