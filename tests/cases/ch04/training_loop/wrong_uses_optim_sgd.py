"""Hands the update to torch.optim.SGD, which the exercise forbids."""
# diagnosis: built or called a torch.optim optimizer
def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    optimizer = torch.optim.SGD([params], lr=learning_rate)
    for _ in range(n_epochs):
        optimizer.zero_grad()
        loss_fn(model(t_u, *params), t_c).backward()
        optimizer.step()
    return params
