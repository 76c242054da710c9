"""Keeps the momentum buffers itself, but steps with the fused SGD kernel reached through torch.ops.aten."""
# diagnosis: fused optimizer kernel
fused_sgd = torch.ops.aten._fused_sgd_


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
                first = "buffer" not in state
                if first and group["momentum"] != 0:
                    state["buffer"] = torch.empty_like(p)
                buffers = [state["buffer"]] if group["momentum"] != 0 else []
                fused_sgd([p], [p.grad], buffers, weight_decay=0.0, momentum=group["momentum"], lr=group["lr"],
                          dampening=0.0, nesterov=False, maximize=False, is_first_step=first)
                p.add_(0.0)  # the fused kernel leaves the version counter alone: move it
