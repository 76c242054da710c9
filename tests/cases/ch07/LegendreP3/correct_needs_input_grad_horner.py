"""Checks ctx.needs_input_grad, computes the derivative in Horner form and returns None when no gradient is needed."""
class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * (x * x * 5 - 3) / 2

    @staticmethod
    def backward(ctx, grad_output):
        if not ctx.needs_input_grad[0]:
            return None
        (x,) = ctx.saved_tensors
        return grad_output * (x * x * 7.5 - 1.5)
