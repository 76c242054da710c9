"""Turns every parameter's requires_grad off during the forward pass and back on after: no graph, but grad mode stays on."""
# diagnosis: Grad mode was on
def evaluate(model, loss_fn, x, y):
    modes = [(m, m.training) for m in model.modules()]
    flags = [(p, p.requires_grad) for p in model.parameters()]
    model.eval()
    for p, _ in flags:
        p.requires_grad_(False)          # nothing requires grad: autograd records nothing
    try:
        return loss_fn(model(x), y).item()
    finally:
        for p, flag in flags:
            p.requires_grad_(flag)
        for m, mode in modes:
            m.training = mode
