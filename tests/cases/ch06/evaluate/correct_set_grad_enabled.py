"""Uses torch.set_grad_enabled(False) as a with block and switches back to training only the modules that were training."""
def evaluate(model, loss_fn, x, y):
    training = [m for m in model.modules() if m.training]
    model.eval()
    with torch.set_grad_enabled(False):
        value = loss_fn(model(x), y).item()
    for m in training:
        m.training = True
    return value
