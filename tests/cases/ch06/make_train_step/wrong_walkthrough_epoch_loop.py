"""A training-object loop body for one batch: loss, backward, step, zero_grad, but no train()."""
# diagnosis: evaluation mode during train_step
def make_train_step(model, loss_fn, optimizer):
    def train_step(x, y):
        batch_loss = loss_fn(model(x), y)
        batch_loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        return batch_loss.item()
    return train_step
