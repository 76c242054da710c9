"""Uses detached params for validation, which builds no graph either."""
def train_with_validation(n_epochs, optimizer, params, train_t_u, val_t_u, train_t_c, val_t_c):
    train_losses, val_losses = [], []
    for epoch in range(n_epochs):
        w, b = params.detach()
        val_losses.append(((w * val_t_u + b - val_t_c) ** 2).mean().item())
        t_p = model(train_t_u, *params)
        loss = loss_fn(t_p, train_t_c)
        train_losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return train_losses, val_losses
