"""Never clears w.grad: the second call adds onto the first call's gradient."""
# diagnosis: grows each call
def microbatch_gradient(w, x, y, n_micro):
    n = len(x)
    for xc, yc in zip(torch.tensor_split(x, n_micro), torch.tensor_split(y, n_micro)):
        (((xc @ w - yc) ** 2).mean() * len(xc) / n).backward()
    return w.grad.clone()
