"""Keeps a copy of the input on ctx (ctx.x = x.clone()) instead of save_for_backward: right numbers, but autograd cannot check it."""
# diagnosis: or a copy
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.x = x.clone()          # not save_for_backward: a private copy kept on ctx
        return (5 * x ** 3 - 3 * x) / 2

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * (15 * ctx.x ** 2 - 3) / 2
