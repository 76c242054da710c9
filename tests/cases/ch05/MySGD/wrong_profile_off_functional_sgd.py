"""Switches the profile hook off around torch.optim's functional sgd, and puts it back."""
# diagnosis: switched the profile hook off or replaced it
import sys as _s
_off = getattr(_s, "set" + "profile")
_get = getattr(_s, "get" + "profile")
from torch.optim.sgd import sgd as _sgd
class MySGD(torch.optim.Optimizer):
    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, dict(lr=lr, momentum=momentum))
    def step(self, closure=None):
        hook = _get(); _off(None)
        try:
            with torch.no_grad():
                for group in self.param_groups:
                    ps = [p for p in group["params"] if p.grad is not None]
                    bufs = [self.state[p].get("momentum_buffer") for p in ps]
                    _sgd(ps, [p.grad for p in ps], bufs, weight_decay=0.0, momentum=group["momentum"], lr=group["lr"],
                         dampening=0.0, nesterov=False, maximize=False, foreach=False)
                    for p, b in zip(ps, bufs):
                        if group["momentum"] != 0:
                            self.state[p]["momentum_buffer"] = b
        finally:
            _off(hook)
