"""Clears the gradients between backward and step: the optimizer never sees a gradient and nothing moves."""
# diagnosis: the steps found no gradient to use
def train_and_validate(model, optimizer, x_train, y_train, x_val, y_val, epochs):
    train_losses, val_losses = [], []
    for epoch in range(epochs):
        loss = ((model(x_train) - y_train) ** 2).mean()
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
        train_losses.append(loss.item())
        with torch.no_grad():
            val_losses.append(((model(x_val) - y_val) ** 2).mean().item())
    return train_losses, val_losses
