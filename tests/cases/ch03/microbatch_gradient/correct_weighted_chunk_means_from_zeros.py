"""Chunk means weighted by their share of the batch, accumulated in w.grad started from zeros, restored from a clone."""
def microbatch_gradient(w, x, y, n_micro):
    entry = w.grad.clone() if w.grad is not None else None
    w.grad = torch.zeros_like(w)
    for xc, yc in zip(x.tensor_split(n_micro), y.tensor_split(n_micro)):
        loss = ((xc @ w - yc) ** 2).mean()
        (loss * (len(xc) / len(x))).backward()
    result = w.grad.clone()
    w.grad = entry
    return result
