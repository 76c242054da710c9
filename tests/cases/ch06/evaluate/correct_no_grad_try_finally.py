"""Evaluates under torch.no_grad() and restores the mode in a finally block, even if the model raises."""
def evaluate(model, loss_fn, x, y):
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            prediction = model(x)
            return loss_fn(prediction, y).item()
    finally:
        model.train(was_training)
