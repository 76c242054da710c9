"""Calls optimizer.step() before loss.backward(): each step uses the previous call's gradient."""
# diagnosis: The parameters did not move
def make_train_step(model, loss_fn, optimizer):
    def train_step(x, y):
        model.train()
        optimizer.zero_grad()
        optimizer.step()
        loss = loss_fn(model(x), y)
        loss.backward()
        return loss.item()
    return train_step
