"""Switches recording off for the evaluation, then on with torch.set_grad_enabled(True), whatever the caller had."""
# diagnosis: it switched recording on for the caller
def evaluate(model, loss_fn, x, y):
    modes = [(m, m.training) for m in model.modules()]
    model.eval()
    torch.set_grad_enabled(False)
    loss = loss_fn(model(x), y).item()
    torch.set_grad_enabled(True)
    for m, mode in modes:
        m.training = mode
    return loss
