"""Updates through .data: right numbers, but autograd never learns that p changed."""
# diagnosis: .data
def sgd_step_(params, lr):
    for p in params:
        if p.grad is not None:
            p.data -= lr * p.grad.data
            p.grad = None
