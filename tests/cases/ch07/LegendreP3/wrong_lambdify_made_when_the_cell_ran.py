"""Lets sympy differentiate P3 when the cell runs and calls the function lambdify made from it in backward."""
# diagnosis: sympy's lambdify
import sympy as _sp
_s = _sp.Symbol("s")
_dp3_generated = _sp.lambdify(_s, _sp.diff((5 * _s ** 3 - 3 * _s) / 2, _s))
del _s
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (5 * x ** 3 - 3 * x) / 2

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * _dp3_generated(x)
