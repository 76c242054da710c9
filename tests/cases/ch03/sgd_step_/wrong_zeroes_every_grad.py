"""Does not skip tensors without a gradient: None.zero_() crashes."""
# diagnosis: must be skipped
def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad if p.grad is not None else 0.0
            p.grad.zero_()
