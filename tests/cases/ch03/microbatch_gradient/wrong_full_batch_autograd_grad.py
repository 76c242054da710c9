"""One torch.autograd.grad call on the whole batch: the right numbers, but no micro-batches."""
# diagnosis: the whole batch went through one forward pass
def microbatch_gradient(w, x, y, n_micro):
    gradient, = torch.autograd.grad(((x @ w - y) ** 2).mean(), w)
    return gradient
