"""Runs its own copy of torch.optim's SGD source, compiled under another file name."""
# diagnosis: a copy of torch.optim.sgd._single_tensor_sgd
import inspect
import torch.optim.sgd as _sgd_module

_namespace = {"__name__": "my_sgd", "__package__": "torch.optim"}
exec(compile(inspect.getsource(_sgd_module), "my_sgd.py", "exec"), _namespace)
my_update = _namespace["_single_tensor_sgd"]


class MySGD(torch.optim.Optimizer):
    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, dict(lr=lr, momentum=momentum))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                buffers = [state.get("momentum_buffer")]
                my_update([p], [p.grad], buffers, None, None, weight_decay=0.0, momentum=group["momentum"],
                          lr=group["lr"], dampening=0.0, nesterov=False, maximize=False, has_sparse_grad=False)
                if group["momentum"] != 0:
                    state["momentum_buffer"] = buffers[0]
