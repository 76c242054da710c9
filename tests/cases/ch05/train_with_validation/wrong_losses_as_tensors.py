"""Keeps the losses as tensors, which also keeps every training graph alive."""
def train_with_validation(n_epochs, optimizer, params, train_t_u, val_t_u, train_t_c, val_t_c):
    train_losses, val_losses = [], []
    for _ in range(n_epochs):
        train_loss = loss_fn(model(train_t_u, *params), train_t_c)
        with torch.no_grad():
            val_loss = loss_fn(model(val_t_u, *params), val_t_c)
        optimizer.zero_grad()
        train_loss.backward()
        optimizer.step()
        train_losses.append(train_loss)
        val_losses.append(val_loss)
    return train_losses, val_losses
# diagnosis: keeps its graph alive
