"""Never clears the gradient, so each step uses the sum of all gradients so far."""
def minimize(f, start, optimizer_cls, n_steps, **opt_kwargs):
    point = start.detach().clone().requires_grad_(True)
    optimizer = optimizer_cls([point], **opt_kwargs)
    trajectory = [point.detach().clone()]
    for _ in range(n_steps):
        f(point).backward()
        optimizer.step()
        trajectory.append(point.detach().clone())
    return point.detach().clone(), torch.stack(trajectory)
# diagnosis: gradients accumulate in .grad
