"""Runs torch.optim's captured single-tensor SGD in a thread of its own, out of the calling thread's hook."""
# diagnosis: used torch.optim.sgd._single_tensor_sgd
import threading
from torch.optim.sgd import _single_tensor_sgd as _upd   # captured before any tripwire
class MySGD(torch.optim.Optimizer):
    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, dict(lr=lr, momentum=momentum))
    def step(self, closure=None):
        def work():
            with torch.no_grad():
                for group in self.param_groups:
                    ps = [p for p in group["params"] if p.grad is not None]
                    bufs = [self.state[p].get("momentum_buffer") for p in ps]
                    _upd(ps, [p.grad for p in ps], bufs, None, None, weight_decay=0.0, momentum=group["momentum"],
                         lr=group["lr"], dampening=0.0, nesterov=False, maximize=False, has_sparse_grad=False)
                    if group["momentum"] != 0:
                        for p, b in zip(ps, bufs):
                            self.state[p]["momentum_buffer"] = b
        t = threading.Thread(target=work); t.start(); t.join()
