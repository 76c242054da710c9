"""Clears the gradients after each step instead of before each backward: what .grad held on entry goes into the first step."""
# diagnosis: left from before the call
def train_and_validate(model, optimizer, x_train, y_train, x_val, y_val, epochs):
    train_losses, val_losses = [], []
    for epoch in range(epochs):
        loss = ((model(x_train) - y_train) ** 2).mean()
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        train_losses.append(loss.item())
        with torch.no_grad():
            val_losses.append(((model(x_val) - y_val) ** 2).mean().item())
    return train_losses, val_losses
