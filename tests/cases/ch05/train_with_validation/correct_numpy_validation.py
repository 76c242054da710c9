"""Computes the validation loss in NumPy from the current params."""
def train_with_validation(n_epochs, optimizer, params, train_t_u, val_t_u, train_t_c, val_t_c):
    train_losses, val_losses = [], []
    for epoch in range(n_epochs):
        w, b = params.detach().numpy()
        val_losses.append(np.mean((w * val_t_u.numpy() + b - val_t_c.numpy()) ** 2))
        loss = loss_fn(model(train_t_u, *params), train_t_c)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        train_losses.append(loss.item())
    return train_losses, val_losses
