"""Keeps the input as an attribute of ctx instead of save_for_backward: a change to x in place before backward goes unnoticed."""
# diagnosis: what a tensor kept as an attribute of ctx
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.x = x
        return x * (2.5 * x * x - 1.5)

    @staticmethod
    def backward(ctx, grad_output):
        return (7.5 * ctx.x * ctx.x - 1.5) * grad_output
