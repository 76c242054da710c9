"""A race in the style of chapter 5's, for one point: the path recorded inside a closure handed to step(closure)."""
# diagnosis: takes no closure
def minimize(f, start, optimizer_cls, n_steps, **opt_kwargs):
    points = start.detach().clone().requires_grad_()
    optimizer = optimizer_cls([points], **opt_kwargs)
    path = []

    def closure():
        path.append(points.detach().clone())
        optimizer.zero_grad()
        loss = f(points)
        loss.backward()
        return loss

    for step in range(n_steps):
        optimizer.step(closure)
    path.append(points.detach().clone())
    return points.detach().clone(), torch.stack(path)
