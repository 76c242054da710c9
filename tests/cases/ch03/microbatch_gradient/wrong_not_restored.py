"""Zeroes w.grad in place and returns a copy, but never puts the caller's gradient back."""
# diagnosis: as it was on entry
def microbatch_gradient(w, x, y, n_micro):
    if w.grad is not None:
        w.grad.zero_()
    n = len(x)
    for xc, yc in zip(torch.tensor_split(x, n_micro), torch.tensor_split(y, n_micro)):
        (((xc @ w - yc) ** 2).mean() * len(xc) / n).backward()
    return w.grad.clone()
