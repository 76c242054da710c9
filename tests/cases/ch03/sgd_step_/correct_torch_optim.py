"""Lets torch.optim.SGD do the step and zero_grad (it skips tensors without a gradient)."""
def sgd_step_(params, lr):
    optimizer = torch.optim.SGD(params, lr=lr)
    optimizer.step()
    optimizer.zero_grad()
