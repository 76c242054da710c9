"""Lets numpy.polynomial differentiate P3 when the cell runs and evaluates that series in backward."""
# diagnosis: a polynomial or symbolic library's object
import numpy as _np
_dP3 = _np.polynomial.legendre.Legendre.basis(3).deriv()   # differentiated once, when the cell runs
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (5 * x ** 3 - 3 * x) / 2

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * torch.from_numpy(_np.asarray(_dP3(x.detach().numpy()))).to(x.dtype)
