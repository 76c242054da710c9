"""Lets numpy.polynomial find the coefficients of P3' when the cell runs; backward evaluates them from a global array."""
# diagnosis: computed outside
_coefficients = np.polynomial.legendre.leg2poly(np.polynomial.legendre.legder([0, 0, 0, 1]))   # [-1.5, 0, 7.5]
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (5 * x ** 3 - 3 * x) / 2

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * (_coefficients[0] + _coefficients[1] * x + _coefficients[2] * x ** 2)
