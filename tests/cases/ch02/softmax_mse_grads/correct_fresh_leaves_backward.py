"""Fresh leaves, backward, and their .grad; the loss written out as a sum over the element count."""
def softmax_mse_grads(x, w, b, y):
    w_leaf = w.detach().clone().requires_grad_(True)
    b_leaf = b.detach().clone().requires_grad_(True)
    logits = torch.matmul(x, w_leaf) + b_leaf
    probs = torch.exp(logits) / torch.exp(logits).sum(dim=1, keepdim=True)
    target = torch.eye(w.shape[1], dtype=x.dtype)[y]
    loss = ((probs - target) ** 2).sum() / probs.numel()
    loss.backward()
    return w_leaf.grad, b_leaf.grad
