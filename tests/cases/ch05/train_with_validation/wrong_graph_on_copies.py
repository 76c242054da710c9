"""Measures validation on copies of params and of the data, with autograd on: a graph is built and dropped."""
# diagnosis: built a graph through the validation data
def train_with_validation(n_epochs, optimizer, params, train_t_u, val_t_u, train_t_c, val_t_c):
    train_losses, val_losses = [], []
    val_inputs = torch.tensor(val_t_u.tolist(), dtype=val_t_u.dtype)
    val_targets = torch.tensor(val_t_c.tolist(), dtype=val_t_c.dtype)
    for _ in range(n_epochs):
        copy = params.detach().clone().requires_grad_()
        val_losses.append(loss_fn(model(val_inputs, *copy), val_targets).item())
        loss = loss_fn(model(train_t_u, *params), train_t_c)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        train_losses.append(loss.item())
    return train_losses, val_losses
