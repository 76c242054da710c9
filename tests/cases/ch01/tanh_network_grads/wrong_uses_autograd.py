"""Asks PyTorch's autograd for the gradients instead of back-propagating by hand."""
# diagnosis: recorded an autograd graph
import torch

def tanh_network_grads(W1, b1, w2, b2, x, y):
    params = [torch.tensor(np.asarray(p, dtype=np.float64), requires_grad=True) for p in (W1, b1, w2, b2)]
    prediction = torch.tanh(torch.from_numpy(x) @ params[0] + params[1]) @ params[2] + params[3]
    ((prediction - torch.from_numpy(y)) ** 2).mean().backward()
    return params[0].grad.numpy(), params[1].grad.numpy(), params[2].grad.numpy(), params[3].grad.item()
