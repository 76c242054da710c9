"""Rebinds the name params to a new tensor instead of updating it in place."""
# diagnosis: other than the params it was given
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        if params.grad is not None:
            params.grad.zero_()
        loss = loss_fn(model(t_u, *params), t_c)
        loss.backward()
        params = params - learning_rate * params.grad
    return params
