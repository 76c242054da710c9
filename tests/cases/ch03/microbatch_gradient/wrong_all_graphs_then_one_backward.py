"""Builds every micro-batch's loss first and back-propagates their sum once: all graphs alive at once."""
# diagnosis: all their graphs were alive at once
def microbatch_gradient(w, x, y, n_micro):
    saved = w.grad
    w.grad = None
    n = len(x)
    pieces = [((xc @ w - yc) ** 2).sum() / n for xc, yc in zip(torch.tensor_split(x, n_micro), torch.tensor_split(y, n_micro))]
    sum(pieces).backward()
    result = w.grad
    w.grad = saved
    return result
