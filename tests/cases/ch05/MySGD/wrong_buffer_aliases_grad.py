"""Keeps p.grad itself as the first velocity, so zero_grad(set_to_none=False) clears the velocity too."""
class MySGD(torch.optim.Optimizer):
    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, dict(lr=lr, momentum=momentum))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if group["momentum"] == 0:
                    update = p.grad
                elif "buf" not in state:
                    update = state["buf"] = p.grad
                else:
                    update = state["buf"].mul_(group["momentum"]).add_(p.grad)
                p.add_(update, alpha=-group["lr"])
# diagnosis: share memory with p.grad
