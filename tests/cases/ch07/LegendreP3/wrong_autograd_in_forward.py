"""Asks autograd for P3'(x) inside forward (grad switched back on there) and only multiplies it in during backward."""
# diagnosis: LegendreP3.forward called torch.autograd.grad
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        with torch.enable_grad():
            leaf = x.detach().requires_grad_(True)
            y = 0.5 * (5 * leaf ** 3 - 3 * leaf)
            (derivative,) = torch.autograd.grad(y.sum(), leaf)
        ctx.save_for_backward(derivative)
        return y.detach()

    @staticmethod
    def backward(ctx, grad_output):
        (derivative,) = ctx.saved_tensors
        return grad_output * derivative
