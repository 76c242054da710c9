"""Zeroes params.grad before the first backward has created it."""
# diagnosis: params.grad is None until the first backward
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        params.grad.zero_()
        loss_fn(model(t_u, *params), t_c).backward()
        with torch.no_grad():
            params -= learning_rate * params.grad
    return params
