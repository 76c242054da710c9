"""Puts each module back with module.train(mode), innermost first, so each parent's call overwrites its children."""
# diagnosis: one mode for the whole model
def evaluate(model, loss_fn, x, y):
    modes = [(m, m.training) for m in model.modules()]
    model.eval()
    with torch.no_grad():
        loss = loss_fn(model(x), y).item()
    for m, mode in reversed(modes):
        m.train(mode)
    return loss
