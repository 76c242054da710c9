"""Writes new tensors into the list (under no_grad): the caller's model and optimizer keep the old ones."""
# diagnosis: the list holds other tensors
def sgd_step_(params, lr):
    with torch.no_grad():
        for i, p in enumerate(params):
            if p.grad is not None:
                params[i] = (p - lr * p.grad).requires_grad_()
