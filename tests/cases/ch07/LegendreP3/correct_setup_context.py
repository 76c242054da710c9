"""Uses the separate setup_context form of a Function, and marks backward once_differentiable."""
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(x):
        return (5 * x.pow(3) - 3 * x) / 2

    @staticmethod
    def setup_context(ctx, inputs, output):
        (x,) = inputs
        ctx.save_for_backward(x)

    @staticmethod
    @torch.autograd.function.once_differentiable
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * (15 * x.pow(2) - 3) / 2
