"""Restores w.grad at the end but accumulates on top of the gradient it held on entry."""
# diagnosis: held on entry
def microbatch_gradient(w, x, y, n_micro):
    saved = None if w.grad is None else w.grad.clone()
    n = len(x)
    for xc, yc in zip(torch.tensor_split(x, n_micro), torch.tensor_split(y, n_micro)):
        (((xc @ w - yc) ** 2).mean() * len(xc) / n).backward()
    result = w.grad.clone()
    w.grad = saved
    return result
