"""Measures the validation loss before the epoch's step instead of after it."""
# diagnosis: one step late
def train_and_validate(model, optimizer, x_train, y_train, x_val, y_val, epochs):
    train_losses, val_losses = [], []
    for epoch in range(epochs):
        optimizer.zero_grad()
        with torch.no_grad():
            val_losses.append(((model(x_val) - y_val) ** 2).mean().item())
        loss = ((model(x_train) - y_train) ** 2).mean()
        loss.backward()
        optimizer.step()
        train_losses.append(loss.item())
    return train_losses, val_losses
