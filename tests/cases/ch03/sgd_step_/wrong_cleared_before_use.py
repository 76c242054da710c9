"""Clears the gradients first, then steps with the zeroed gradients: nothing moves."""
# diagnosis: did not change
def sgd_step_(params, lr):
    for p in params:
        if p.grad is not None:
            p.grad.zero_()
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p -= lr * p.grad
