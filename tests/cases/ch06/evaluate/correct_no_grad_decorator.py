"""Switches recording off for the whole function with the torch.no_grad() decorator."""
@torch.no_grad()
def evaluate(model, loss_fn, x, y):
    mode = model.training
    model.eval()
    loss = loss_fn(model(x), y).item()
    model.train(mode)
    return loss
