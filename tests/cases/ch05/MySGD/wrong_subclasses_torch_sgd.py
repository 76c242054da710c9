"""Inherits everything from torch.optim.SGD."""
class MySGD(torch.optim.SGD):
    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, lr=lr, momentum=momentum)
# diagnosis: subclasses torch.optim.SGD
