"""Runs backward on the caller's tensors, copies the gradients, then sets .grad back to None."""
# diagnosis: includes what w.grad and b.grad held before
def softmax_mse_grads(x, w, b, y):
    w.requires_grad_(True)
    b.requires_grad_(True)
    loss = F.mse_loss(F.softmax(x @ w + b, dim=1), one_hot(y, w.shape[1]))
    loss.backward()
    grad_w, grad_b = w.grad.clone(), b.grad.clone()
    w.grad = None
    b.grad = None
    return grad_w, grad_b
