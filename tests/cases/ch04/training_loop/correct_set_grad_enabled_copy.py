"""Clears the gradient with grad = None, back-propagates, and copies the new values in with recording switched off."""
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        params.grad = None
        loss_fn(model(t_u, *params), t_c).backward()
        with torch.set_grad_enabled(False):
            params.copy_(params - learning_rate * params.grad)
    return params
