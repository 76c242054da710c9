"""Keeps a torch.optim.Adam inside and steps it."""
class MyAdam(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps))
        self.inner = torch.optim.Adam(self.param_groups, lr=lr, betas=betas, eps=eps)

    def step(self, closure=None):
        return self.inner.step(closure)
# diagnosis: used torch.optim.Adam.__init__
