"""Switches the model's own training flag off and back, which leaves every layer inside it in its mode."""
# diagnosis: training mode during evaluate
def evaluate(model, loss_fn, x, y):
    was = model.training
    model.training = False
    with torch.no_grad():
        loss = loss_fn(model(x), y).item()
    model.training = was
    return loss
