"""Takes the gradient from torch.autograd.grad, which leaves params.grad alone, and copies the update in."""
# diagnosis: backward never put a gradient in params.grad
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for epoch in range(n_epochs):
        loss = loss_fn(model(t_u, *params), t_c)
        (grad,) = torch.autograd.grad(loss, params)
        with torch.no_grad():
            params.copy_(params - learning_rate * grad)
    return params
