"""The walk-through's fit_with_autograd loop pasted with coefficients = [params]: torch.autograd.grad, not backward."""
# diagnosis: backward never put a gradient in params.grad
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    coefficients = [params]
    predict = lambda t, p: model(t, *p)
    for epoch in range(1, n_epochs + 1):
        predictions = predict(t_u, *coefficients)
        loss = loss_fn(predictions, t_c)
        gradients = torch.autograd.grad(loss, coefficients)
        with torch.no_grad():
            for c, g in zip(coefficients, gradients):
                c -= learning_rate * g
    return params
