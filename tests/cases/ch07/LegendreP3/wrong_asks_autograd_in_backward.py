"""Lets autograd differentiate the forward formula again inside backward instead of writing the derivative."""
# diagnosis: asked autograd to differentiate again
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 0.5 * (5 * x ** 3 - 3 * x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        with torch.enable_grad():
            leaf = x.detach().requires_grad_(True)
            y = 0.5 * (5 * leaf ** 3 - 3 * leaf)
            (grad,) = torch.autograd.grad(y, leaf, grad_output)
        return grad
