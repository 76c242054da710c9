"""Gets the gradient from torch.autograd.grad and copies the new values in with recording switched off."""
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        (grad,) = torch.autograd.grad(loss_fn(model(t_u, *params), t_c), [params])
        with torch.set_grad_enabled(False):
            params.copy_(params - learning_rate * grad)
    return params
