"""Takes each step along a gradient computed by PyTorch's autograd."""
# diagnosis: recorded an autograd graph
import torch

def gradient_descent(x, y, a, b, lr, n_epochs):
    params = torch.tensor([float(a), float(b)], dtype=torch.float64, requires_grad=True)
    tx, ty = torch.as_tensor(np.asarray(x, dtype=np.float64)), torch.as_tensor(np.asarray(y, dtype=np.float64))
    losses = []
    for _ in range(n_epochs):
        loss = ((params[0] + params[1] * tx - ty) ** 2).mean()
        losses.append(loss.item())
        (grad,) = torch.autograd.grad(loss, params)
        with torch.no_grad():
            params -= lr * grad
    return params[0].item(), params[1].item(), losses
