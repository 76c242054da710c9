"""Computes the new values out of place with torch.mul and torch.add, then copies them into p."""
class MySGD(torch.optim.Optimizer):
    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, defaults={"lr": lr, "momentum": momentum})

    def step(self, closure=None):
        with torch.no_grad():
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    direction = p.grad
                    if group["momentum"]:
                        previous = self.state[p].get("buffer")
                        direction = p.grad.clone() if previous is None else torch.add(
                            torch.mul(previous, group["momentum"]), p.grad)
                        self.state[p]["buffer"] = direction
                    p.copy_(torch.sub(p, torch.mul(direction, group["lr"])))
