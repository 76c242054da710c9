"""Sums per-chunk torch.autograd.grad results computed with create_graph=True: the result requires grad."""
# diagnosis: should not require grad
def microbatch_gradient(w, x, y, n_micro):
    n = len(x)
    total = torch.zeros_like(w)
    for xc, yc in zip(torch.tensor_split(x, n_micro), torch.tensor_split(y, n_micro)):
        g, = torch.autograd.grad(((xc @ w - yc) ** 2).mean() * len(xc) / n, w, create_graph=True)
        total = total + g
    return total
