"""Clears the gradient after each update, so a gradient held on entry leaks into the first update."""
# diagnosis: held when training_loop was called
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        loss = loss_fn(model(t_u, *params), t_c)
        loss.backward()
        with torch.no_grad():
            params -= learning_rate * params.grad
        params.grad.zero_()
    return params
