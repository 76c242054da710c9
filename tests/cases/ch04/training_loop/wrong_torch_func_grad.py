"""Gets each epoch's gradient from torch.func.grad, functional autograd: nothing lands in params.grad."""
# diagnosis: backward never put a gradient in params.grad
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    gradient = torch.func.grad(lambda p: loss_fn(model(t_u, *p), t_c))
    for _ in range(n_epochs):
        g = gradient(params)
        with torch.no_grad():
            params.sub_(learning_rate * g)
    return params
