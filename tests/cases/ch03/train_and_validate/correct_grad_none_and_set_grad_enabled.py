"""Drops each parameter's gradient by hand, evaluates under torch.set_grad_enabled(False), detaches before .item()."""
def train_and_validate(model, optimizer, x_train, y_train, x_val, y_val, epochs):
    train_losses = []
    val_losses = []
    epoch = 0
    while epoch < epochs:
        for p in model.parameters():
            p.grad = None
        residual = model(x_train) - y_train
        loss = (residual * residual).sum() / residual.numel()
        loss.backward()
        optimizer.step()
        train_losses.append(loss.detach().item())
        with torch.set_grad_enabled(False):
            val_losses.append(((model(x_val) - y_val) ** 2).mean().item())
        epoch += 1
    return train_losses, val_losses
