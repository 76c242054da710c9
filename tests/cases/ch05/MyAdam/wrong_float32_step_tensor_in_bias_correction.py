"""torch's own state layout, step a float32 tensor, but 1 - beta ** step computed from that tensor, in float32."""
# diagnosis: 1 - beta ** t computed in float32
class MyAdam(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps))
    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, (b1, b2), eps = group["lr"], group["betas"], group["eps"]
            for p in group["params"]:
                if p.grad is None: continue
                s = self.state[p]
                if len(s) == 0:
                    s["step"] = torch.tensor(0.0)
                    s["exp_avg"] = torch.zeros_like(p); s["exp_avg_sq"] = torch.zeros_like(p)
                s["step"] += 1
                m, v = s["exp_avg"], s["exp_avg_sq"]
                m.mul_(b1).add_(p.grad, alpha=1 - b1)
                v.mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
                m_hat = m / (1 - b1 ** s["step"])
                v_hat = v / (1 - b2 ** s["step"])
                p.sub_(lr * m_hat / (v_hat.sqrt() + eps))
