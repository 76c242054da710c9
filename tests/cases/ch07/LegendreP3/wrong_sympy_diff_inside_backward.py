"""Imports sympy inside backward and lets Expr.diff find the coefficients of P3'."""
# diagnosis: sympy's diff
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (5 * x ** 3 - 3 * x) / 2

    @staticmethod
    def backward(ctx, grad_output):
        import sympy
        (x,) = ctx.saved_tensors
        s = sympy.Symbol("s")
        coefficients = [float(c) for c in sympy.Poly(((5 * s ** 3 - 3 * s) / 2).diff(s), s).all_coeffs()]
        d = torch.zeros_like(x)
        for c in coefficients:
            d = d * x + c
        return grad_output * d
