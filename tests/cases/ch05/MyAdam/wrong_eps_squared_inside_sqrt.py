"""Adds eps squared inside the square root, sqrt(v_hat + eps**2), instead of sqrt(v_hat) + eps."""
# diagnosis: eps ** 2 were added inside the square root
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
                    p.sub_(lr * (s["m"] / (1 - b1 ** t)) / (s["v"] / (1 - b2 ** t) + eps ** 2).sqrt())
