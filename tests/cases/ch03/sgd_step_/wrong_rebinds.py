"""p = p - lr * p.grad: only rebinds the loop variable, the list's tensors never change."""
# diagnosis: did not change
def sgd_step_(params, lr):
    for p in params:
        if p.grad is not None:
            p = p - lr * p.grad
            p.grad = None
