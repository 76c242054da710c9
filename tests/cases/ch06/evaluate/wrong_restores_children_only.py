"""Remembers the mode of the model and of its direct children only (model.children()): a layer one level deeper loses its own mode."""
# diagnosis: deeper than the model's children lost its own mode
def evaluate(model, loss_fn, x, y):
    saved = [(model, model.training)] + [(child, child.training) for child in model.children()]
    model.eval()
    with torch.no_grad():
        loss = loss_fn(model(x), y).item()
    for module, mode in saved:
        module.training = mode
    return loss
