"""Updates the leaf in place without torch.no_grad(): PyTorch refuses."""
# diagnosis: refuses to record an in-place change of a leaf
def sgd_step_(params, lr):
    for p in params:
        if p.grad is not None:
            p -= lr * p.grad
            p.grad = None
