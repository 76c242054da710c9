"""Lets sympy differentiate P3 inside backward and evaluates the result with lambdify."""
# diagnosis: sympy
import sympy as _sp
_X = _sp.Symbol("x")
_P3 = (5 * _X ** 3 - 3 * _X) / 2
_coeffs = _sp.Poly(_sp.diff(_P3, _X), _X).all_coeffs()   # sympy differentiates it
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (5 * x ** 3 - 3 * x) / 2

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        d = _sp.lambdify(_X, _sp.diff(_P3, _X))(x)        # derivative found by a library, at backward time
        return grad_output * d
