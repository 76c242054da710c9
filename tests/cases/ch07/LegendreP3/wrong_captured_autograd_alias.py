"""Lets autograd differentiate again in backward, through torch.autograd.grad taken under another name beforehand."""
# diagnosis: LegendreP3.backward called torch.autograd.grad
differentiate = torch.autograd.grad


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
            (grad,) = differentiate(0.5 * (5 * leaf ** 3 - 3 * leaf), leaf, grad_output)
        return grad
