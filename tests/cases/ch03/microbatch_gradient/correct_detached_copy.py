"""Accumulate into a detached copy of w (sharing its values), so w.grad is never touched; sums divided by n."""
def microbatch_gradient(w, x, y, n_micro):
    w2 = w.detach().requires_grad_(True)
    n = x.shape[0]
    for xc, yc in zip(x.tensor_split(n_micro), y.tensor_split(n_micro)):
        ((xc @ w2 - yc) ** 2).sum().div(n).backward()
    return w2.grad
