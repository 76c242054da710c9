"""Finds P3'(x) in backward with exercise 1's Value engine, one element at a time."""
# diagnosis: another backward()
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (5 * x ** 3 - 3 * x) / 2

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        grads = []
        for v in x.detach().reshape(-1).tolist():
            leaf = Value(v)
            ((5 * leaf ** 3 - 3 * leaf) / 2).backward()     # the derivative from exercise 1's engine
            grads.append(leaf.grad)
        return grad_output * torch.tensor(grads, dtype=x.dtype).reshape(x.shape)
