"""Keeps a NumPy view of the input on ctx: it shares the tensor's memory, so an in-place change reaches backward unnoticed."""
# diagnosis: or a NumPy view of it
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.values = x.detach().numpy()
        return (5 * x ** 3 - 3 * x) / 2

    @staticmethod
    def backward(ctx, grad_output):
        slope = torch.from_numpy(0.5 * (15 * ctx.values ** 2 - 3)).to(grad_output.dtype)
        return grad_output * slope
