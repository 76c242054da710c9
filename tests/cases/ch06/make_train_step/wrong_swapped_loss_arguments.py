"""Calls loss_fn(y, model(x)): harmless for the MSE, wrong for any loss that is not symmetric."""
# diagnosis: the prediction comes first
def make_train_step(model, loss_fn, optimizer):
    def train_step(x, y):
        model.train()
        optimizer.zero_grad()
        loss = loss_fn(y, model(x))
        loss.backward()
        optimizer.step()
        return loss.item()
    return train_step
