"""Right parameters, but multiplies p.grad by the learning rate in place and steps by it: .grad is changed."""
# diagnosis: .grad was changed in place
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
                if group["momentum"] != 0:
                    if "buf" not in state:
                        state["buf"] = p.grad.clone()
                    else:
                        state["buf"].mul_(group["momentum"]).add_(p.grad)
                    p.sub_(group["lr"] * state["buf"])
                else:
                    p.sub_(p.grad.mul_(group["lr"]))
