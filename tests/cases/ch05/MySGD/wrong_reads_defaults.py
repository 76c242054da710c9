"""Reads lr and momentum from self.defaults, ignoring what each param group says."""
class MySGD(torch.optim.Optimizer):
    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, dict(lr=lr, momentum=momentum))

    @torch.no_grad()
    def step(self, closure=None):
        lr, mu = self.defaults["lr"], self.defaults["momentum"]
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if mu == 0:
                    update = p.grad
                elif "buf" not in state:
                    update = state["buf"] = p.grad.clone()
                else:
                    update = state["buf"].mul_(mu).add_(p.grad)
                p.add_(update, alpha=-lr)
# diagnosis: read the hyperparameters from each param group
