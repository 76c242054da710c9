"""Never clears params.grad, so each update uses the sum of all gradients so far."""
# diagnosis: is it cleared before each backward?
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        loss = loss_fn(model(t_u, *params), t_c)
        loss.backward()
        with torch.no_grad():
            params -= learning_rate * params.grad
    return params
