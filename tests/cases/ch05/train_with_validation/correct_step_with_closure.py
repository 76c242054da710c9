"""Hands the optimizer a closure that clears, computes and back-propagates the training loss."""
def train_with_validation(n_epochs, optimizer, params, train_t_u, val_t_u, train_t_c, val_t_c):
    train_losses, val_losses = [], []
    for _ in range(n_epochs):
        with torch.no_grad():
            val_losses.append(float(loss_fn(model(val_t_u, *params), val_t_c)))

        def closure():
            optimizer.zero_grad()
            loss = loss_fn(model(train_t_u, *params), train_t_c)
            loss.backward()
            return loss

        train_losses.append(optimizer.step(closure).item())
    return train_losses, val_losses
