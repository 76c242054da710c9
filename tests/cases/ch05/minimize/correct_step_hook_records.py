"""Records the path with a step post-hook registered on the optimizer, instead of in the loop."""
def minimize(f, start, optimizer_cls, n_steps, **opt_kwargs):
    point = start.detach().clone().requires_grad_()
    optimizer = optimizer_cls([point], **opt_kwargs)
    rows = [start.detach().clone()]
    optimizer.register_step_post_hook(lambda opt, args, kwargs: rows.append(point.detach().clone()))
    for step in range(1, n_steps + 1):
        optimizer.zero_grad()
        f(point).backward()
        optimizer.step()
    return point.detach().clone(), torch.stack(rows)
