"""Computes the loss in float64 with F.mse_loss on the views w and b, back-propagates, updates component by component."""
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        if params.grad is not None:
            params.grad.zero_()
        w, b = params
        loss = torch.nn.functional.mse_loss((w * t_u + b).double(), t_c.double())
        loss.backward()
        with torch.no_grad():
            params[0] -= learning_rate * params.grad[0]
            params[1] -= learning_rate * params.grad[1]
    return params
