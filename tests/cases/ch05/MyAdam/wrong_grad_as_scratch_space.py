"""Correct numbers, but uses p.grad as scratch space: turns it into the update direction."""
# diagnosis: .grad was changed in place
class MyAdam(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps))
    def step(self, closure=None):
        with torch.no_grad():
            for group in self.param_groups:
                lr, (b1, b2), eps = group["lr"], group["betas"], group["eps"]
                for p in group["params"]:
                    if p.grad is None: continue
                    s = self.state[p]
                    if not s: s["t"], s["m"], s["v"] = 0, torch.zeros_like(p), torch.zeros_like(p)
                    s["t"] += 1; t = s["t"]
                    s["m"].mul_(b1).add_(p.grad, alpha=1 - b1); s["v"].mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
                    g = p.grad
                    g.copy_(s["m"] / (1 - b1 ** t)).div_((s["v"] / (1 - b2 ** t)).sqrt() + eps)
                    p.sub_(lr * g)
