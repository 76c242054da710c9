"""Updates with the gradient left from the previous epoch, then back-propagates this epoch's loss."""
# diagnosis: the update runs before backward
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        loss = loss_fn(model(t_u, *params), t_c)
        with torch.no_grad():
            params -= learning_rate * params.grad
        params.grad = None
        loss.backward()
    return params
