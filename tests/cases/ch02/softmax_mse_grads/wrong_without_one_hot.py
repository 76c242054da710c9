"""Compares the probabilities with the label numbers, broadcast across the classes, without one-hot."""
# diagnosis: compares each row of probabilities with the label number itself
def softmax_mse_grads(x, w, b, y):
    w_leaf = w.detach().clone().requires_grad_(True)
    b_leaf = b.detach().clone().requires_grad_(True)
    probs = F.softmax(x @ w_leaf + b_leaf, dim=1)
    loss = ((probs - y.to(probs.dtype).reshape(-1, 1)) ** 2).mean()
    return torch.autograd.grad(loss, (w_leaf, b_leaf))
