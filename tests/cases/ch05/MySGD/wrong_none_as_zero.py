"""Treats a missing gradient as zero, so the velocity still moves the parameter."""
class MySGD(torch.optim.Optimizer):
    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, dict(lr=lr, momentum=momentum))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                grad = p.grad if p.grad is not None else torch.zeros_like(p)
                state = self.state[p]
                if group["momentum"] == 0:
                    update = grad
                elif "buf" not in state:
                    update = state["buf"] = grad.clone()
                else:
                    update = state["buf"].mul_(group["momentum"]).add_(grad)
                p.add_(update, alpha=-group["lr"])
# diagnosis: yet it moved
