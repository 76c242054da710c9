"""Calls torch.optim._functional's sgd through a module reference taken when the cell runs."""
# diagnosis: built or called a torch.optim optimizer
import torch.optim._functional as optim_functional

sgd_update = optim_functional.sgd

def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    for _ in range(n_epochs):
        params.grad = None
        loss_fn(model(t_u, *params), t_c).backward()
        with torch.no_grad():
            sgd_update([params], [params.grad], [None], weight_decay=0.0, momentum=0.0, lr=learning_rate,
                       dampening=0.0, nesterov=False, maximize=False)
    return params
