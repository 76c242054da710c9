"""Uses torch.inference_mode() and puts every submodule back in its own mode in a finally block."""
def evaluate(model, loss_fn, x, y):
    previous = {name: module.training for name, module in model.named_modules()}
    model.train(False)
    try:
        with torch.inference_mode():
            loss = loss_fn(model(x), y)
        return float(loss)
    finally:
        for name, module in model.named_modules():
            module.training = previous[name]
