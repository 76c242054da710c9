"""Zeroes between forward and backward, averages with sum / n, assigns through params[:], prints every 500 epochs."""
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for epoch in range(1, n_epochs + 1):
        w, b = params[0], params[1]
        t_p = model(t_u, w, b)
        loss = ((t_p - t_c) ** 2).sum() / t_c.shape[0]
        if params.grad is not None:
            params.grad.zero_()
        loss.backward()
        with torch.no_grad():
            params[:] = params - learning_rate * params.grad
        if epoch % 500 == 0:
            print(f"Epoch {epoch}, Loss {loss.item():f}")
    return params
