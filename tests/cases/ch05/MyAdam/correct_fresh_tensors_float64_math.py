"""Rebuilds m and v as new tensors each step and keeps the step count as a tensor."""
class MyAdam(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, {"lr": lr, "betas": tuple(betas), "eps": eps})

    def step(self, closure=None):
        with torch.no_grad():
            for group in self.param_groups:
                lr, (b1, b2), eps = group["lr"], group["betas"], group["eps"]
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    g = p.grad
                    state = self.state[p]
                    t = state.get("t", torch.tensor(0)) + 1
                    m = b1 * state.get("m", torch.zeros_like(p)) + (1 - b1) * g
                    v = b2 * state.get("v", torch.zeros_like(p)) + (1 - b2) * g * g
                    state.update(t=t, m=m, v=v)
                    m_hat = m / (1 - b1 ** t.item())
                    v_hat = v / (1 - b2 ** t.item())
                    p.copy_(p - lr * m_hat / (torch.sqrt(v_hat) + eps))
