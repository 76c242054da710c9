"""Differentiates with respect to the views w and b, computes the loss in float64 with F.mse_loss."""
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        w, b = params
        loss = torch.nn.functional.mse_loss((w * t_u + b).double(), t_c.double())
        grad_w, grad_b = torch.autograd.grad(loss, [w, b])
        with torch.no_grad():
            params[0] -= learning_rate * grad_w
            params[1] -= learning_rate * grad_b
    return params
