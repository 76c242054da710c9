"""Gets each epoch's gradient as a vector-Jacobian product (torch.autograd.functional.vjp), not through backward."""
# diagnosis: backward never put a gradient in params.grad
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    def loss_at(p):
        return loss_fn(model(t_u, *p), t_c)

    for _ in range(n_epochs):
        _, grad = torch.autograd.functional.vjp(loss_at, params)
        with torch.no_grad():
            params -= learning_rate * grad
    return params
