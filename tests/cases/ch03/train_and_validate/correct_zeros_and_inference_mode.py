"""Fills the gradients with zeros (set_to_none=False), F.mse_loss, float() of a detached loss, and inference_mode for validation."""
def train_and_validate(model, optimizer, x_train, y_train, x_val, y_val, epochs):
    train_losses, val_losses = [], []
    for epoch in range(epochs):
        optimizer.zero_grad(set_to_none=False)
        loss = torch.nn.functional.mse_loss(model(x_train), y_train)
        loss.backward()
        optimizer.step()
        train_losses.append(float(loss.detach()))
        with torch.inference_mode():
            val_losses.append(float(torch.nn.functional.mse_loss(model(x_val), y_val)))
    return train_losses, val_losses
