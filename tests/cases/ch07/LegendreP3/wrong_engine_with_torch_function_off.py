"""Runs autograd's engine directly in backward with PyTorch's function handling switched off."""
# diagnosis: autograd's engine
engine = torch.autograd.Variable._execution_engine
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 0.5 * (5 * x ** 3 - 3 * x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        with torch._C.DisableTorchFunction(), torch.enable_grad():
            leaf = x.detach().requires_grad_(True)
            y = 0.5 * (5 * leaf ** 3 - 3 * leaf)
            (grad,) = engine.run_backward((y,), (grad_output,), False, False, (leaf,), False, False)
        return grad
