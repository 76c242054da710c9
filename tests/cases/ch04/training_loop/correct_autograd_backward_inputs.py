"""Back-propagates with torch.autograd.backward(loss, inputs=[params]) after zeroing the gradient in place."""
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        if params.grad is not None:
            params.grad.detach_().zero_()
        torch.autograd.backward(loss_fn(model(t_u, *params), t_c), inputs=[params])
        with torch.no_grad():
            params -= learning_rate * params.grad
    return params
