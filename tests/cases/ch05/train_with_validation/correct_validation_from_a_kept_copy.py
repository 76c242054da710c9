"""Steps first, measuring validation at a detached copy of the params kept from before the step."""
def train_with_validation(n_epochs, optimizer, params, train_t_u, val_t_u, train_t_c, val_t_c):
    train_losses, val_losses = [], []
    last = params.detach().clone()
    for epoch in range(n_epochs):
        loss = loss_fn(model(train_t_u, *params), train_t_c)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        train_losses.append(loss.item())
        with torch.no_grad():
            val_losses.append(loss_fn(model(val_t_u, *last), val_t_c).item())
        last = params.detach().clone()
    return train_losses, val_losses
