"""Builds the optimizer on copies of the parameters, so the caller's tensors never move."""
class MySGD(torch.optim.Optimizer):
    def __init__(self, params, lr, momentum=0.0):
        super().__init__([p.detach().clone().requires_grad_() for p in params], dict(lr=lr, momentum=momentum))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    p.add_(p.grad, alpha=-group["lr"])
# diagnosis: do not hold the very tensors
