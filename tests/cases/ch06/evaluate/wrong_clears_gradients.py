"""Tidies up with model.zero_grad(), wiping gradients the caller was accumulating."""
# diagnosis: changed the gradients that the caller had accumulated
def evaluate(model, loss_fn, x, y):
    was_training = model.training
    model.eval()
    with torch.no_grad():
        loss = loss_fn(model(x), y).item()
    model.zero_grad()
    model.train(was_training)
    return loss
