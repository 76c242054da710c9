"""Updates through .data, which hides the change from autograd."""
# diagnosis: was it updated through .data?
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        params.grad = None
        loss_fn(model(t_u, *params), t_c).backward()
        params.data -= learning_rate * params.grad
    return params
