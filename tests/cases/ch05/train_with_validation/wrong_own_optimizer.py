"""Ignores the optimizer it is given and builds its own SGD."""
def train_with_validation(n_epochs, optimizer, params, train_t_u, val_t_u, train_t_c, val_t_c):
    own = torch.optim.SGD([params], lr=1e-2)
    train_losses, val_losses = [], []
    for _ in range(n_epochs):
        train_loss = loss_fn(model(train_t_u, *params), train_t_c)
        with torch.no_grad():
            val_loss = loss_fn(model(val_t_u, *params), val_t_c)
        own.zero_grad()
        train_loss.backward()
        own.step()
        train_losses.append(train_loss.item())
        val_losses.append(val_loss.item())
    return train_losses, val_losses
# diagnosis: use the optimizer you are given
