"""Keeps the velocities in a dict of its own, computes in float64 and copies the result back."""
class MySGD(torch.optim.Optimizer):
    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, {"lr": lr, "momentum": momentum})
        self.velocities = {}

    def step(self):
        with torch.no_grad():
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    update = p.grad.double()
                    if group["momentum"]:
                        if p in self.velocities:
                            self.velocities[p] = group["momentum"] * self.velocities[p] + update
                        else:
                            self.velocities[p] = update.clone()
                        update = self.velocities[p]
                    p.copy_((p.double() - group["lr"] * update).to(p.dtype))
