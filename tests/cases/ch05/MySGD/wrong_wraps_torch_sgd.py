"""Delegates the work to a torch.optim.SGD kept inside."""
class MySGD(torch.optim.Optimizer):
    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, dict(lr=lr, momentum=momentum))
        self.inner = torch.optim.SGD(self.param_groups, lr=lr, momentum=momentum)

    def step(self, closure=None):
        return self.inner.step(closure)
# diagnosis: used torch.optim.SGD.__init__
