"""Updates with add_(alpha=-lr) under torch.no_grad() and clears with p.grad.zero_() instead of None."""
def sgd_step_(params, lr):
    for p in params:
        if p.grad is None:
            continue
        with torch.no_grad():
            p.add_(p.grad, alpha=-lr)
        p.grad.zero_()
