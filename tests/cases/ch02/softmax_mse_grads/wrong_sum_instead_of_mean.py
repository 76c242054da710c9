"""Sums the squared differences instead of averaging them."""
# diagnosis: that is the sum of the squared differences
def softmax_mse_grads(x, w, b, y):
    w_leaf = w.detach().clone().requires_grad_(True)
    b_leaf = b.detach().clone().requires_grad_(True)
    probs = F.softmax(x @ w_leaf + b_leaf, dim=1)
    loss = F.mse_loss(probs, one_hot(y, w.shape[1]).to(probs.dtype), reduction="sum")
    return torch.autograd.grad(loss, (w_leaf, b_leaf))
