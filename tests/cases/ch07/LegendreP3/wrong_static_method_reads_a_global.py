"""Keeps the coefficients of P3' in a global tuple, read by a staticmethod of the class that backward calls."""
# diagnosis: reads the global C
C = (7.5, -1.5)
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def _d(x):
        return C[0] * x * x + C[1]
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (5 * x ** 3 - 3 * x) / 2
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * LegendreP3._d(x)
