"""Evaluates under torch.no_grad(); in a finally block calls train(mode) on every module, parents before children."""
def evaluate(model, loss_fn, x, y):
    was_training = [m.training for m in model.modules()]
    model.eval()
    try:
        with torch.no_grad():
            prediction = model(x)
            return loss_fn(prediction, y).item()
    finally:
        # modules() lists a parent before its children, so each child's own train() comes last.
        for m, mode in zip(model.modules(), was_training):
            m.train(mode)
