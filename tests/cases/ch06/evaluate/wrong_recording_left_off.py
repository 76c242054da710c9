"""Switches recording off with torch.set_grad_enabled(False) as a plain call and never switches it back on."""
# diagnosis: autograd stayed switched off
def evaluate(model, loss_fn, x, y):
    was_training = model.training
    model.eval()
    torch.set_grad_enabled(False)
    loss = loss_fn(model(x), y).item()
    model.train(was_training)
    return loss
