"""Lets torch.func.grad differentiate the loss instead of back-propagating by hand."""
# diagnosis: recorded an autograd graph
import torch
from torch.func import grad

def tanh_network_grads(W1, b1, w2, b2, x, y):
    inputs, targets = torch.from_numpy(x), torch.from_numpy(y)
    def loss(W1, b1, w2, b2):
        return ((torch.tanh(inputs @ W1 + b1) @ w2 + b2 - targets) ** 2).mean()
    grads = grad(loss, argnums=(0, 1, 2, 3))(*[torch.tensor(np.asarray(p, dtype=np.float64)) for p in (W1, b1, w2, b2)])
    return grads[0].numpy(), grads[1].numpy(), grads[2].numpy(), grads[3].item()
