"""Computes the loss once, before the loop, and back-propagates that same graph every epoch."""
# diagnosis: the loss was computed once, before the loop
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    loss = loss_fn(model(t_u, *params), t_c)
    for _ in range(n_epochs):
        params.grad = None
        loss.backward(retain_graph=True)
        with torch.no_grad():
            params -= learning_rate * params.grad
    return params
