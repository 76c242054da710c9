"""Updates the leaf in place without torch.no_grad(): PyTorch refuses."""
# diagnosis: must happen under torch.no_grad()
def sgd_step_(params, lr):
    for p in params:
        if p.grad is not None:
            p -= lr * p.grad
            p.grad = None
