"""Saves the output P3(x) for backward and evaluates the derivative there instead of at x."""
# diagnosis: backward needs the input x
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = 0.5 * (5 * x ** 3 - 3 * x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 0.5 * (15 * x ** 2 - 3)
