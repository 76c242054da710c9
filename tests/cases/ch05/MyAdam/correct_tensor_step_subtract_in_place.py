"""Keeps the step count as a tensor, runs an optional closure, and updates with -= under no_grad."""
class MyAdam(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps})

    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = torch.tensor(0.0)
                    state["m"] = torch.zeros_like(p)
                    state["v"] = torch.zeros_like(p)
                state["step"] += 1
                t = state["step"].item()
                with torch.no_grad():
                    state["m"].lerp_(p.grad, 1 - beta1)
                    state["v"].mul_(beta2).addcmul_(p.grad, p.grad, value=1 - beta2)
                    denom = (state["v"].sqrt() / (1 - beta2 ** t) ** 0.5).add_(group["eps"])
                    p -= group["lr"] / (1 - beta1 ** t) * state["m"] / denom
        return loss
