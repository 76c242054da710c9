"""Saves both the input and the output with save_for_backward (backward needs only x), written with square() and mul()."""
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = 0.5 * x * (5 * x.square() - 3)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        x, _ = ctx.saved_tensors
        return grad_output.mul(7.5 * x.square() - 1.5)
