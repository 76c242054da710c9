"""Finds P3'(x) in backward by the complex-step method on complex128 tensors: Im P3(x + ih) / h, exact to rounding."""
# diagnosis: complex-step method
def p3(x):
    return 0.5 * (5 * x ** 3 - 3 * x)


class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return p3(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        h = 1e-30
        shifted = torch.complex(x.double(), torch.full_like(x.double(), h))
        return grad_output * (p3(shifted).imag / h).to(x.dtype)
