"""Adds the gradient instead of subtracting it."""
# diagnosis: check the sign of the update
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        params.grad = None
        loss_fn(model(t_u, *params), t_c).backward()
        with torch.no_grad():
            params += learning_rate * params.grad
    return params
