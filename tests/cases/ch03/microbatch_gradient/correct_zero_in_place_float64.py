"""Save a copy of w.grad, zero it in place, accumulate in float64 arithmetic, copy the result out and restore."""
def microbatch_gradient(w, x, y, n_micro):
    saved = None if w.grad is None else w.grad.clone()
    if w.grad is not None:
        w.grad.zero_()
    n = x.shape[0]
    chunks_x = torch.tensor_split(x, n_micro)
    chunks_y = torch.tensor_split(y, n_micro)
    for k in range(n_micro):
        residual = chunks_x[k].double() @ w.double() - chunks_y[k].double()
        loss = (residual ** 2).sum() / n
        loss.backward()
    result = w.grad.clone()
    if saved is None:
        w.grad = None
    else:
        w.grad.copy_(saved)
    return result
