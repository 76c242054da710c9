"""Updates the leaf in place while autograd is recording."""
# diagnosis: torch.no_grad()
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        if params.grad is not None:
            params.grad.zero_()
        loss = loss_fn(model(t_u, *params), t_c)
        loss.backward()
        params -= learning_rate * params.grad
    return params
