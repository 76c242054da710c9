"""Measures validation under torch.inference_mode and converts with float()."""
def train_with_validation(n_epochs, optimizer, params, train_t_u, val_t_u, train_t_c, val_t_c):
    train_losses, val_losses = [], []
    for epoch in range(n_epochs):
        with torch.inference_mode():
            val_losses.append(float(loss_fn(model(val_t_u, *params), val_t_c)))
        optimizer.zero_grad(set_to_none=False)
        loss = loss_fn(model(train_t_u, *params), train_t_c)
        loss.backward()
        train_losses.append(float(loss))
        optimizer.step()
    return train_losses, val_losses
