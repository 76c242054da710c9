"""Reads the learning rate from the optimizer and writes the SGD update itself instead of calling step()."""
# diagnosis: optimizer.step() ran 0 time(s)
def make_train_step(model, loss_fn, optimizer):
    lr = optimizer.param_groups[0]["lr"]

    def train_step(x, y):
        model.train()
        loss = loss_fn(model(x), y)
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                p -= lr * p.grad
                p.grad = None
        return loss.item()

    return train_step
