"""The gradient written out by hand (softmax Jacobian times the MSE's 2(p - t)/(nk)): right numbers, no autograd."""
# diagnosis: no backward pass ran
def softmax_mse_grads(x, w, b, y):
    with torch.no_grad():
        probs = torch.softmax(x @ w + b, dim=1)
        target = one_hot(y, w.shape[1]).to(x.dtype)
        g = 2 * (probs - target) / probs.numel()                    # dL/dp
        dz = probs * (g - (g * probs).sum(dim=1, keepdim=True))     # through the softmax
        return x.T @ dz, dz.sum(dim=0)
