"""Calls torch.optim's functional Adam with its own state lists."""
class MyAdam(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            params = [p for p in group["params"] if p.grad is not None]
            for p in params:
                if not self.state[p]:
                    self.state[p] = {"m": torch.zeros_like(p), "v": torch.zeros_like(p), "step": torch.tensor(0.0)}
            torch.optim._functional.adam(
                params, [p.grad for p in params], [self.state[p]["m"] for p in params],
                [self.state[p]["v"] for p in params], [], [self.state[p]["step"] for p in params],
                amsgrad=False, beta1=group["betas"][0], beta2=group["betas"][1], lr=group["lr"], weight_decay=0,
                eps=group["eps"], maximize=False)
# diagnosis: used torch.optim.adam
