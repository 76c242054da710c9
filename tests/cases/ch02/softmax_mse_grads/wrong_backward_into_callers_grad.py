"""Runs loss.backward() on the caller's w and b and returns their .grad."""
# diagnosis: left a gradient in w.grad
def softmax_mse_grads(x, w, b, y):
    probs = F.softmax(x @ w + b, dim=1)
    loss = F.mse_loss(probs, one_hot(y, w.shape[1]))
    loss.backward()
    return w.grad, b.grad
