"""Asks PyTorch's autograd for both partial derivatives instead of deriving them."""
# diagnosis: recorded an autograd graph
import torch

def linear_grads(a, b, x, y):
    ta = torch.tensor(float(a), dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(float(b), dtype=torch.float64, requires_grad=True)
    tx, ty = torch.as_tensor(np.asarray(x, dtype=np.float64)), torch.as_tensor(np.asarray(y, dtype=np.float64))
    da, db = torch.autograd.grad(((ta + tb * tx - ty) ** 2).mean(), (ta, tb))
    return da.item(), db.item()
