"""Horner's rule in forward and backward, each starting from a Python 0.0 (the coefficients are written in place)."""
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        y = 0.0
        for c in (2.5, 0.0, -1.5, 0.0):
            y = y * x + c
        return y
    @staticmethod
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        slope = 0.0
        for c in (7.5, 0.0, -1.5):
            slope = slope * x + c
        return grad_output * slope
