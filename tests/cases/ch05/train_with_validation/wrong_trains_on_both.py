"""Back-propagates the sum of the training and validation losses."""
def train_with_validation(n_epochs, optimizer, params, train_t_u, val_t_u, train_t_c, val_t_c):
    train_losses, val_losses = [], []
    for _ in range(n_epochs):
        train_loss = loss_fn(model(train_t_u, *params), train_t_c)
        val_loss = loss_fn(model(val_t_u, *params), val_t_c)
        optimizer.zero_grad()
        (train_loss + val_loss).backward()
        optimizer.step()
        train_losses.append(train_loss.item())
        val_losses.append(val_loss.item())
    return train_losses, val_losses
# diagnosis: built a graph through the validation data
