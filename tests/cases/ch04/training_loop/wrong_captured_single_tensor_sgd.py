"""Hands the update to torch.optim's single-tensor SGD kernel, captured when the cell runs."""
# diagnosis: built or called a torch.optim optimizer
from torch.optim.sgd import _single_tensor_sgd as update

def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        params.grad = None
        loss_fn(model(t_u, *params), t_c).backward()
        with torch.no_grad():
            update([params], [params.grad], [None], weight_decay=0.0, momentum=0.0, lr=learning_rate,
                   dampening=0.0, nesterov=False, maximize=False, has_sparse_grad=False,
                   grad_scale=None, found_inf=None)
    return params
