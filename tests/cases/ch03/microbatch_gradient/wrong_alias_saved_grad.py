"""Keeps saved = w.grad (another name for the same tensor), zeroes w.grad in place, then 'restores' saved."""
# diagnosis: an alias, not a copy
def microbatch_gradient(w, x, y, n_micro):
    saved = w.grad
    if w.grad is not None:
        w.grad.zero_()
    n = len(x)
    for xc, yc in zip(torch.tensor_split(x, n_micro), torch.tensor_split(y, n_micro)):
        (((xc @ w - yc) ** 2).sum() / n).backward()
    result = w.grad.clone()
    w.grad = saved
    return result
