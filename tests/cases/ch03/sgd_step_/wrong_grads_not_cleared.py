"""Updates correctly but leaves the gradients in place, so the next backward adds onto them."""
# diagnosis: still holds its gradient
def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p -= lr * p.grad
