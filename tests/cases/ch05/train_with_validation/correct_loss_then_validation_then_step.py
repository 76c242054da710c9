"""Builds the training loss first, measures validation under no_grad at the same params, then the four steps."""
def train_with_validation(n_epochs, optimizer, params, train_t_u, val_t_u, train_t_c, val_t_c):
    train_losses, val_losses = [], []
    for epoch in range(1, n_epochs + 1):
        t_p = model(train_t_u, *params)
        loss = loss_fn(t_p, train_t_c)
        with torch.no_grad():
            val_losses.append(loss_fn(model(val_t_u, *params), val_t_c).item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        train_losses.append(loss.item())
    return train_losses, val_losses
