"""Asks autograd, when the cell runs, for P3' at 0 and 1 and builds the derivative's coefficients from those numbers."""
# diagnosis: computed outside
def _p3(t):
    return (5 * t ** 3 - 3 * t) / 2
_at = torch.tensor([0.0, 1.0], dtype=torch.float64, requires_grad=True)
_slopes = torch.autograd.grad(_p3(_at).sum(), _at)[0].tolist()     # P3'(0), P3'(1)
_helper = {"c0": _slopes[0], "c2": _slopes[1] - _slopes[0]}       # P3' = c2 x^2 + c0 (even, no x term)
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _p3(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * (_helper["c2"] * x ** 2 + _helper["c0"])
