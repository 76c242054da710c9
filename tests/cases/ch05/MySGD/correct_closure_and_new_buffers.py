"""Replaces the velocity by a new tensor each step, and supports an optional closure."""
class MySGD(torch.optim.Optimizer):
    def __init__(self, params, lr, momentum=0.0):
        defaults = dict(lr=lr, momentum=momentum)
        super().__init__(params, defaults)

    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        with torch.no_grad():
            for group in self.param_groups:
                mu = group["momentum"]
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    g = p.grad
                    if mu != 0:
                        previous = self.state[p].get("buf")
                        g = g.clone() if previous is None else mu * previous + g
                        self.state[p]["buf"] = g
                    p.sub_(group["lr"] * g)
        return loss
