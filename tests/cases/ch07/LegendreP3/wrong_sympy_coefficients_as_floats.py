"""Lets sympy differentiate P3 when the cell runs and keeps the coefficients of P3' as plain floats."""
# diagnosis: computed outside
import sympy as _sp
_s = _sp.Symbol("s")
_C2, _C1, _C0 = (float(c) for c in _sp.Poly(_sp.diff((5 * _s ** 3 - 3 * _s) / 2, _s), _s).all_coeffs())
del _s, _sp
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (5 * x ** 3 - 3 * x) / 2

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * (_C2 * x ** 2 + _C1 * x + _C0)
