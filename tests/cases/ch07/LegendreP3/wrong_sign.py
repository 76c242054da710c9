"""Writes the derivative as (3 - 15x^2) / 2, with the sign flipped."""
# diagnosis: sign is flipped
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 0.5 * (5 * x ** 3 - 3 * x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 0.5 * (3 - 15 * x ** 2)
