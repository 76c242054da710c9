"""Steps, then recomputes the loss to return it: the number reported is the loss after the step, not the one the step was computed from."""
# diagnosis: That is the loss after this call's step
def make_train_step(model, loss_fn, optimizer):
    def train_step(x, y):
        model.train()
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()
        with torch.no_grad():
            return loss_fn(model(x), y).item()

    return train_step
