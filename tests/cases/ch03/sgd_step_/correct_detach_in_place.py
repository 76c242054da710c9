"""Updates through p.detach(), which shares p's memory and version counter, then sets p.grad to None."""
def sgd_step_(params, lr):
    for i in range(len(params)):
        p = params[i]
        if p.grad is not None:
            p.detach().sub_(lr * p.grad)
            p.grad = None
