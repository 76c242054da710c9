"""Steps with the fused SGD kernel reached through torch.ops.aten."""
# diagnosis: fused optimizer kernel
fused_sgd = torch.ops.aten._fused_sgd_

def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        params.grad = None
        loss_fn(model(t_u, *params), t_c).backward()
        with torch.no_grad():
            fused_sgd([params], [params.grad], [], weight_decay=0.0, momentum=0.0, lr=learning_rate,
                      dampening=0.0, nesterov=False, maximize=False, is_first_step=True)
            params.mul_(1.0)  # the fused kernel leaves the version counter alone: move it
    return params
