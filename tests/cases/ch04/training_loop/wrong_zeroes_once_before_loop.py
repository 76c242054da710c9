"""Clears the stale gradient once, before the loop, and never again: from the second epoch on the gradients add up."""
# diagnosis: is it cleared before each backward?
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    if params.grad is not None:
        params.grad.zero_()
    for _ in range(n_epochs):
        loss = loss_fn(model(t_u, *params), t_c)
        loss.backward()
        with torch.no_grad():
            params -= learning_rate * params.grad
    return params
