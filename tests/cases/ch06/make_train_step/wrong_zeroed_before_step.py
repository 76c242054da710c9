"""Clears the gradients between backward and step, so the step has nothing to use."""
# diagnosis: The parameters did not move
def make_train_step(model, loss_fn, optimizer):
    def train_step(x, y):
        model.train()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
        return loss.item()
    return train_step
