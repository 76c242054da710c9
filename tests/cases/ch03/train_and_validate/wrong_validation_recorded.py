"""Takes the validation loss out with .item() but computes it while autograd records: a graph per epoch for nothing."""
# diagnosis: a forward pass on the validation inputs was recorded by autograd
def train_and_validate(model, optimizer, x_train, y_train, x_val, y_val, epochs):
    train_losses, val_losses = [], []
    for epoch in range(epochs):
        optimizer.zero_grad()
        loss = ((model(x_train) - y_train) ** 2).mean()
        loss.backward()
        optimizer.step()
        train_losses.append(loss.item())
        val_losses.append(((model(x_val) - y_val) ** 2).mean().item())
    return train_losses, val_losses
