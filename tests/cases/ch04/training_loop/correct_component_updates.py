"""Updates w and b one component at a time, after clearing the gradient with zero_()."""
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        if params.grad is not None:
            params.grad.zero_()
        loss = loss_fn(model(t_u, params[0], params[1]), t_c)
        loss.backward()
        with torch.no_grad():
            params[0] -= learning_rate * params.grad[0]
            params[1] -= learning_rate * params.grad[1]
    return params
