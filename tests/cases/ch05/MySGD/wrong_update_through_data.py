"""Updates p.data, which autograd's version counter does not see."""
class MySGD(torch.optim.Optimizer):
    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, dict(lr=lr, momentum=momentum))

    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if group["momentum"] == 0:
                    update = p.grad.data
                elif "buf" not in state:
                    update = state["buf"] = p.grad.data.clone()
                else:
                    update = state["buf"].mul_(group["momentum"]).add_(p.grad.data)
                p.data.add_(update, alpha=-group["lr"])
# diagnosis: version counter
