"""Returns P3'(x) without multiplying by the incoming gradient."""
# diagnosis: must multiply it in
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 0.5 * (5 * x ** 3 - 3 * x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return 0.5 * (15 * x ** 2 - 3)
