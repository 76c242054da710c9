"""Folds the learning rate into the velocity (v = mu v + lr g), which differs once the lr changes."""
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
                if "v" not in state:
                    state["v"] = group["lr"] * p.grad
                else:
                    state["v"].mul_(group["momentum"]).add_(p.grad, alpha=group["lr"])
                p.sub_(state["v"])
# diagnosis: changed before this step, as a scheduler does
