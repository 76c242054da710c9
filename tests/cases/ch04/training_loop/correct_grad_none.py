"""Clears the gradient by setting it to None, and updates with sub_ under no_grad."""
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        params.grad = None
        loss_fn(model(t_u, *params), t_c).backward()
        with torch.no_grad():
            params.sub_(learning_rate * params.grad)
    return params
