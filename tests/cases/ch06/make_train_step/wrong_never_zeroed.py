"""Never clears the gradients: each call steps with the sum of all gradients so far."""
# diagnosis: The previous call's gradient was added to this one
def make_train_step(model, loss_fn, optimizer):
    def train_step(x, y):
        model.train()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()
    return train_step
