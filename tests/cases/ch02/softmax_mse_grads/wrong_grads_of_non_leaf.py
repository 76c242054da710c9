"""Reads .grad of copies made with an operation (w * 1.0), which are non-leaves: .grad stays None."""
# diagnosis: non-leaf
def softmax_mse_grads(x, w, b, y):
    w2 = w * 1.0
    b2 = b * 1.0
    loss = F.mse_loss(F.softmax(x @ w2 + b2, dim=1), one_hot(y, w.shape[1]))
    loss.backward()
    return w2.grad, b2.grad
