"""Calls requires_grad_() on the caller's w and b, then uses torch.autograd.grad."""
# diagnosis: switched requires_grad of the caller's w
def softmax_mse_grads(x, w, b, y):
    w.requires_grad_()
    b.requires_grad_()
    loss = F.mse_loss(F.softmax(x @ w + b, dim=1), one_hot(y, w.shape[1]).to(x.dtype))
    return torch.autograd.grad(loss, (w, b))
