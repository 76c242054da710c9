"""Rebinds params under no_grad: the new tensor does not require grad, so the next backward fails."""
# diagnosis: other than the params it was given
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        loss = loss_fn(model(t_u, *params), t_c)
        loss.backward()
        with torch.no_grad():
            params = params - learning_rate * params.grad
    return params
