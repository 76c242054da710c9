"""Starts the velocity at (1 - momentum) * g, as an exponential average would."""
class MySGD(torch.optim.Optimizer):
    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, dict(lr=lr, momentum=momentum))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            mu = group["momentum"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if mu == 0:
                    update = p.grad
                else:
                    buf = state.setdefault("buf", torch.zeros_like(p))
                    buf.mul_(mu).add_(p.grad, alpha=1 - mu)
                    update = buf
                p.add_(update, alpha=-group["lr"])
# diagnosis: the first step moves exactly as plain SGD does
