"""Uses the gradient formula derived by hand instead of autograd."""
# diagnosis: never back-propagated the loss to params
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    with torch.no_grad():
        for _ in range(n_epochs):
            error = model(t_u, *params) - t_c
            grad = torch.stack([(2 * error * t_u).mean(), (2 * error).mean()])
            params -= learning_rate * grad
    return params
