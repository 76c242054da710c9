"""Lets numpy.polynomial differentiate the Legendre series in backward instead of writing P3' out."""
# diagnosis: differentiates for you
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 0.5 * (5 * x ** 3 - 3 * x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        derivative = np.polynomial.legendre.Legendre.basis(3).deriv()
        return grad_output * torch.from_numpy(derivative(x.detach().numpy())).to(x.dtype)
