"""The colleague's loop as written: gradients never cleared, losses kept as tensors, validation recorded."""
# diagnosis: holds tensors
def train_and_validate(model, optimizer, x_train, y_train, x_val, y_val, epochs):
    train_losses, val_losses = [], []
    for epoch in range(epochs):
        loss = ((model(x_train) - y_train) ** 2).mean()
        loss.backward()
        optimizer.step()
        val_loss = ((model(x_val) - y_val) ** 2).mean()
        train_losses.append(loss)
        val_losses.append(val_loss)
    return train_losses, val_losses
