# %% [markdown] navigation="header"
# **Autograd, from NumPy to PyTorch** · Chapter 6: Modules and devices · [Contents](contents.ipynb)
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/autograd-course/autograd-from-numpy-to-pytorch/blob/main/notebooks/ch06_modules_and_devices.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/autograd-course/autograd-from-numpy-to-pytorch/main?urlpath=lab/tree/notebooks/ch06_modules_and_devices.ipynb)

# %% [markdown]
# # Chapter 6: Modules, and where tensors live
#
# Until now every parameter was a loose tensor that we created, passed around and handed to the
# optimizer ourselves. PyTorch's `nn.Module` keeps a model's parameters together with the code that
# uses them, and `.to(device)` moves them to a GPU. This chapter shows:
#
# 1. a model written as an `nn.Module` class: `nn.Parameter`, `parameters()`, `named_parameters()`,
#    `state_dict()`, the shapes its `forward` accepts and returns, what a plain tensor attribute misses,
#    and state that is not trained (a parameter with `requires_grad=False`, buffers);
# 2. `nn.MSELoss`, and the same model written with `nn.Linear`;
# 3. `train()` and `eval()`, made visible with a dropout layer, and models whose parts are in different
#    modes;
# 4. a training object that any model, loss and optimizer can reuse, and that can gather a mini-batch's
#    gradient in pieces before each step;
# 5. devices: choosing one, `torch.from_numpy`, `.to(device)`, `.cpu().numpy()`, and the leaf pitfall
#    of moving a tensor that already requires grad;
# 6. a training step timed on the CPU and on a GPU.
#
# The examples are the thermometer of chapters 2 to 5 and a small network; the assignment
# (`release/ch06/`) applies the same ideas to the linear regression of chapter 1.
#
# Cells marked *device* run on a GPU when the machine has one (CUDA, or Apple's `mps`). The first of them
# says which device was found, and that the cells fell back to the CPU when there is no GPU. No cell
# needs a GPU.

# %%
# Setup: on Colab, install the two packages it lacks (torchviz and the course's own package,
# as of the commit this notebook was built with). Anywhere else the course environment already has them,
# and this cell does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "torchviz==0.0.3",
                    "autograd-course @ git+https://github.com/autograd-course/autograd-from-numpy-to-pytorch@d6b1112349f03e9cbdc530191d483e3ccd64b897"], check=True)

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn as nn

from autograd_course import data, devices
from autograd_course.display import show_error

torch.set_printoptions(precision=4, sci_mode=False)

# %% [markdown]
# ## 1. A model is a class
#
# The thermometer readings `t_u` (unknown unit) and the same moments in Celsius `t_c`. We standardise
# the readings (mean 0, standard deviation 1) so that plain gradient descent behaves, and fit a
# polynomial in the standardised reading $t$, of a degree $d$ chosen when the model is built, plus a bias:
#
# $$\hat t_c = c_d\,t^d + \dots + c_2\,t^2 + c_1\,t + b .$$

# %%
t_c_np, t_u_np = data.thermometer()
t_c, t_u = torch.from_numpy(t_c_np), torch.from_numpy(t_u_np)
t = (t_u - t_u.mean()) / t_u.std()
print("t_c:", t_c)
print("t:  ", t)


# %% [markdown]
# An `nn.Module` subclass does two things in `__init__`: it calls `super().__init__()` first (that
# creates the module's registries), then assigns its parameters as attributes. Wrapping a tensor in
# `nn.Parameter` marks it as a parameter: the assignment **registers** it with the module. The
# constructor takes arguments like any other function; here the degree $d$ decides the shape of one of
# the parameters: the coefficients $c_d, \dots, c_1$ (highest power first) form one parameter of shape
# `(d,)`, and the bias is a zero-dimensional one. `forward` says how the output is computed, and it can be
# any code that computes with the parameters: this one loops over the coefficients (Horner's rule, which
# for $d = 2$ computes $(c_2\,t + c_1)\,t + b$). Calling `model(t)` runs `forward` (through
# `nn.Module.__call__`, which also runs any hooks). The model starts from the straight line
# $\hat t_c = t$: every coefficient 0 except $c_1 = 1$, and $b = 0$. Below, $d = 2$: a quadratic.

# %%
class PolynomialThermometer(nn.Module):
    """Celsius from a standardised reading t: a polynomial of degree ``degree`` in t, plus a bias."""

    def __init__(self, degree):
        super().__init__()
        start = torch.zeros(degree)
        start[-1] = 1.0                                   # c_1 = 1: the straight line t to begin with
        self.coefficients = nn.Parameter(start)           # c_d, ..., c_1
        self.bias = nn.Parameter(torch.tensor(0.0))

    def forward(self, t):
        result = 0.0
        for c in self.coefficients:                       # Horner's rule: no power of t is ever formed
            result = (result + c) * t
        return result + self.bias


quadratic = PolynomialThermometer(2)
print(quadratic)
print("output for t = (-1, 0, 2):", quadratic(torch.tensor([-1.0, 0.0, 2.0])))

# %% [markdown]
# A parameter is a tensor (a subclass of `torch.Tensor`) that is a leaf and requires grad by default. The module
# can now list them: `parameters()` yields the tensors themselves, in the order they were assigned,
# and `named_parameters()` pairs each with its attribute name. These are the very objects stored on
# the model, not copies, which is what lets an optimizer built from `parameters()` update the model.

# %%
for name, p in quadratic.named_parameters():
    print(f"{name:>12}: {type(p).__name__}, shape {tuple(p.shape)}, requires_grad={p.requires_grad}, is_leaf={p.is_leaf}")
print("parameters() yields the attributes themselves:",
      [p is q for p, q in zip(quadratic.parameters(), (quadratic.coefficients, quadratic.bias))])

# %% [markdown]
# `state_dict()` is the model's state as an ordered dictionary, name to tensor: what you save to disk
# and load back with `load_state_dict`. Its tensors are detached (they do not require grad) but share
# memory with the parameters, so a snapshot that must not change with further training is cloned.

# %%
state = quadratic.state_dict()
print(state)
print("shares memory with the parameter:", state["coefficients"].data_ptr() == quadratic.coefficients.data_ptr(),
      " requires_grad:", state["coefficients"].requires_grad)

restored = PolynomialThermometer(2)
with torch.no_grad():
    restored.bias.fill_(5.0)
restored.load_state_dict(state)
print("after load_state_dict, restored.bias =", restored.bias.item())

# %% [markdown]
# ### The shapes a model takes and gives
#
# A model's `forward` has a shape contract, as much part of its interface as its parameters' names.
# This one accepts a tensor of **any** shape, a zero-dimensional one (a single reading, shape `()`)
# included, and returns the same shape: every step of Horner's rule combines the input elementwise with a
# zero-dimensional entry of the coefficients, and that, like the zero-dimensional bias, broadcasts against
# anything. `nn.Linear(2, 1)` has another contract: an
# input of shape `(..., 2)`, at least one-dimensional, gives an output of shape `(..., 1)`. And when
# parameters are not zero-dimensional, broadcasting decides: the result has as many dimensions as the
# operand with the most, so a parameter of shape `(1,)` turns a zero-dimensional input into a result of
# shape `(1,)`, while it leaves an input of shape `(3,)` or `(3, 1)` with its own shape.

# %%
for reading in (torch.tensor(0.5), torch.tensor([0.5, -1.0]), torch.zeros(3, 1)):
    print(f"PolynomialThermometer(2): input {str(tuple(reading.shape)):>7} -> output {tuple(quadratic(reading).shape)}")
print("nn.Linear(2, 1):          input  (4, 2) -> output", tuple(nn.Linear(2, 1)(torch.zeros(4, 2)).shape))
show_error(lambda: nn.Linear(2, 1)(torch.tensor(0.5)))
one_element = torch.zeros(1)
for reading in (torch.tensor(0.5), torch.zeros(3), torch.zeros(3, 1)):
    print(f"shape (1,) + shape {str(tuple(reading.shape)):>6} -> {tuple((one_element + reading).shape)}")


# %% [markdown]
# ### What a plain tensor attribute misses
#
# Assign a plain tensor instead, even one that requires grad, and the module does not know about it.
# Autograd still works (it only needs the tensor), but everything the module does for its parameters
# skips this one: it is missing from `parameters()` and from `state_dict()`, and conversions such as
# `.double()` or `.to(device)` leave it behind.
#
# The subclass below keeps `PolynomialThermometer`'s `forward` and holds its bias as a plain tensor. It
# has to unregister the inherited parameter first (`del`): once a name is registered as a parameter, the
# module accepts only an `nn.Parameter` (or `None`) under it, as the last line of the cell shows.

# %%
class ForgetfulThermometer(PolynomialThermometer):
    """PolynomialThermometer with its bias held as a plain tensor: autograd sees it, the module does not."""

    def __init__(self, degree):
        super().__init__(degree)
        del self.bias                                     # no longer a registered parameter
        self.bias = torch.tensor(0.0, requires_grad=True)


forgetful = ForgetfulThermometer(2)
print("named_parameters():", [name for name, _ in forgetful.named_parameters()])
print("state_dict() keys: ", list(forgetful.state_dict()))
forgetful.double()
print("after .double():    coefficients are", forgetful.coefficients.dtype, " bias is", forgetful.bias.dtype)
show_error(lambda: setattr(PolynomialThermometer(2), "bias", torch.tensor(0.0)))

# %% [markdown]
# The costly part: an optimizer built from `parameters()` never sees the bias. `backward` fills
# `bias.grad`, but no step ever uses it, so the model trains with $b$ stuck at 0 and no error anywhere
# (the coefficients do what they can without it). Nor does `zero_grad()` clear it: after 100 steps
# `bias.grad` holds the sum of 100 gradients.

# %%
forgetful = ForgetfulThermometer(2)
optimizer = torch.optim.SGD(forgetful.parameters(), lr=0.1)
for _ in range(100):
    optimizer.zero_grad()
    ((forgetful(t) - t_c) ** 2).mean().backward()
    optimizer.step()
print(f"bias = {forgetful.bias.item()}, coefficients = {[round(c, 4) for c in forgetful.coefficients.tolist()]}")
print(f"bias.grad = {forgetful.bias.grad.item():.4f}, the gradient at the bias now:",
      f"{torch.autograd.grad(((forgetful(t) - t_c) ** 2).mean(), forgetful.bias)[0].item():.4f}")


# %% [markdown]
# ### State that is not trained: frozen parameters and buffers
#
# Two kinds of module state are not trained, and they differ in what the module does with them.
#
# - A parameter created with `requires_grad=False` (or switched off later with `requires_grad_(False)`,
#   chapter 3's freezing) **is still a parameter**: `parameters()` lists it, `state_dict()` saves it,
#   `.to()` converts it, and an optimizer accepts it. Only, backward never gives it a gradient, and
#   optimizers skip a parameter whose `.grad` is `None`, so it keeps its value. Switching
#   `requires_grad` back on trains it again, with the optimizer it already belongs to.
# - A **buffer**, registered with `register_buffer(name, tensor)`, is not a parameter: `parameters()`
#   leaves it out, `buffers()` lists it, `.to()` moves it and `state_dict()` saves it. A buffer
#   registered with `persistent=False` is moved by `.to()` like the others but left out of
#   `state_dict()`: for a value the module can rebuild itself, such as a constant table made in
#   `__init__`.
#
# The model below reads raw thermometer values. It standardises them itself with the training data's
# mean and standard deviation (buffers, saved with the model), evaluates the same polynomial another way,
# by raising the reading to the powers $d, \dots, 1$ of a constant table (a non-persistent buffer) and
# taking the dot product with the coefficients, and adds a calibration offset that is a parameter but
# frozen.

# %%
class RawThermometer(PolynomialThermometer):
    """PolynomialThermometer on raw readings, with the statistics it standardises them with as buffers."""

    def __init__(self, readings, degree):
        super().__init__(degree)
        self.register_buffer("reading_mean", readings.mean())
        self.register_buffer("reading_std", readings.std())
        self.register_buffer("powers", torch.arange(degree, 0, -1.0), persistent=False)   # d, ..., 1
        self.offset = nn.Parameter(torch.tensor(0.5), requires_grad=False)   # measured once, not trained

    def forward(self, t_u):
        t = (t_u - self.reading_mean) / self.reading_std
        return (t.unsqueeze(-1) ** self.powers) @ self.coefficients + self.bias + self.offset


raw = RawThermometer(t_u, degree=2)
state_keys = raw.state_dict().keys()
parameters, buffers = dict(raw.named_parameters()), dict(raw.named_buffers())
for name, tensor in {**parameters, **buffers}.items():
    kind = "parameter" if name in parameters else "buffer"
    print(f"{name:>12}: {kind:9} requires_grad={tensor.requires_grad!s:5} in state_dict: {name in state_keys}")

# %% [markdown]
# Trained with an optimizer built from all of `parameters()`, the frozen offset included, the
# coefficients and the bias move and the offset does not; its `.grad` stays `None`. Switch
# `requires_grad` the other way round, offset on and bias off, and the same optimizer trains the offset
# and leaves the bias alone (against targets one degree lower, so that there is something left to
# learn). A conversion such as `.double()` reaches the parameters and every buffer, the non-persistent
# one included.

# %%
optimizer = torch.optim.SGD(raw.parameters(), lr=0.1)
before = {name: p.detach().clone() for name, p in raw.named_parameters()}
for _ in range(100):
    optimizer.zero_grad()
    ((raw(t_u) - t_c) ** 2).mean().backward()
    optimizer.step()
for name, p in raw.named_parameters():
    print(f"{name:>12}: {'changed' if not torch.equal(p, before[name]) else 'unchanged':9} grad is None: {p.grad is None}")
trained_bias = raw.bias.detach().clone()
raw.offset.requires_grad_(True)              # unfrozen: the same optimizer now trains it too
raw.bias.requires_grad_(False)               # and the bias frozen in its place
for _ in range(20):
    optimizer.zero_grad()
    ((raw(t_u) - (t_c - 1.0)) ** 2).mean().backward()    # targets one degree lower
    optimizer.step()
print(f"20 steps with the offset unfrozen and the bias frozen: offset {before['offset'].item():.4f} -> "
      f"{raw.offset.item():.4f}, bias unchanged: {torch.equal(raw.bias, trained_bias)}")
raw.double()
print("after .double():", {name: str(t.dtype) for name, t in [*raw.named_parameters(), *raw.named_buffers()]})

# %% [markdown]
# ## 2. A loss is a module too: `nn.MSELoss`
#
# `nn.MSELoss()` builds a callable that computes the mean squared error, exactly the formula we wrote
# by hand. It is a module with no parameters. Its arguments are `(prediction, target)`, in that order:
# for the MSE the order does not matter, for other losses it does.

# %%
loss_fn = nn.MSELoss()
prediction = quadratic(t)
print("nn.MSELoss:", loss_fn(prediction, t_c).item(), "  by hand:", ((prediction - t_c) ** 2).mean().item())
print("its parameters:", list(loss_fn.parameters()))
print("reduction='sum' divided by n:", (nn.MSELoss(reduction="sum")(prediction, t_c) / len(t_c)).item())
bce = nn.BCELoss()
print(f"a loss that is not symmetric, BCE(0.6, 0.9) = {bce(torch.tensor([0.6]), torch.tensor([0.9])).item():.4f}",
      f" BCE(0.9, 0.6) = {bce(torch.tensor([0.9]), torch.tensor([0.6])).item():.4f}")

# %% [markdown]
# Prediction and target must have the same shape. A prediction of shape `(n,)` against a target of
# shape `(n, 1)` broadcasts to an `(n, n)` matrix of differences: a wrong number, with only a warning.

# %%
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    mismatched = loss_fn(prediction, t_c.reshape(-1, 1))
print(f"shapes {tuple(prediction.shape)} and {tuple(t_c.reshape(-1, 1).shape)}: loss {mismatched.item():.2f}"
      f" instead of {loss_fn(prediction, t_c).item():.2f}")
print("warning:", str(caught[0].message).split(". ")[0] + ".")

# %% [markdown]
# Training the module is the loop of chapter 5, with `quadratic.parameters()` handed to the optimizer.

# %%
quadratic = PolynomialThermometer(2)
optimizer = torch.optim.SGD(quadratic.parameters(), lr=0.1)
for epoch in range(500):
    optimizer.zero_grad()
    loss = loss_fn(quadratic(t), t_c)
    loss.backward()
    optimizer.step()
print(f"loss {loss.item():.4f}", {name: [round(v, 4) for v in p.reshape(-1).tolist()]
                                  for name, p in quadratic.named_parameters()})

# %% [markdown]
# ### The same model with `nn.Linear`
#
# $c_2 t^2 + c_1 t + b$ is a linear function of the two features $(t^2, t)$, so it is also an
# `nn.Linear(2, 1)` applied to a matrix with one row per example and one column per feature. Its
# parameters are called `weight`, of shape `(out_features, in_features)` = `(1, 2)`, and `bias`, of shape
# `(1,)`. Loading the trained values into it (reshaped to those shapes) gives the same predictions, up
# to float32 rounding (the layer takes a dot product with the features where the class follows Horner's
# rule, and the two round differently); its output has shape `(n, 1)`, one column per output feature.

# %%
features = torch.stack([t ** 2, t], dim=1)
linear = nn.Linear(2, 1)
print({name: tuple(p.shape) for name, p in linear.state_dict().items()})

linear.load_state_dict({"weight": quadratic.coefficients.detach().reshape(1, 2),
                        "bias": quadratic.bias.detach().reshape(1)})
with torch.no_grad():
    difference = (linear(features).squeeze(1) - quadratic(t)).abs().max().item()
print("output shape:", tuple(linear(features).shape), "  largest difference from the class:", difference)

# %% [markdown]
# ## 3. `train()` and `eval()`
#
# Some layers behave differently while training and while evaluating. Dropout is the clearest: in
# training mode it sets each element to zero with probability `p` and scales the survivors by
# $1/(1-p)$, so the expected value is unchanged; in evaluation mode it passes its input through.
# A module's mode is the flag `module.training`.

# %%
torch.manual_seed(0)
dropout = nn.Dropout(p=0.5)
ones = torch.ones(10)
print("training =", dropout.training, " ", dropout(ones))
dropout.eval()
print("training =", dropout.training, ", ", dropout(ones))

# %% [markdown]
# `model.train()` and `model.eval()` set the flag on the module **and on every module inside it**, and
# return the model; `model.train(False)` is the same as `model.eval()`. A new module starts in training
# mode. In a network with dropout the difference shows in the outputs: two calls on the same input differ
# in training mode and agree in evaluation mode.

# %%
torch.manual_seed(1)
net = nn.Sequential(nn.Linear(1, 32), nn.Tanh(), nn.Dropout(p=0.2), nn.Linear(32, 1))
x_check = torch.tensor([[-1.0], [0.0], [1.0]])
print("new network:", [m.training for m in net.modules()], "  train() returns the model:", net.train() is net)
print("train mode, same input twice:", torch.equal(net(x_check), net(x_check)))
net.train(False)
print("after train(False):", [m.training for m in net.modules()])
print("eval mode, same input twice: ", torch.equal(net(x_check), net(x_check)))
print("back to training mode:", net.train().training)

# %% [markdown]
# Each module has its own flag, so the parts of a model can be in different modes: a dropout layer
# switched off on purpose while the rest trains, or a batch-normalisation layer kept in evaluation
# mode so that its running statistics stay fixed. `model.train()` and `model.eval()` overwrite every
# flag, so such an arrangement does not survive a round trip through `eval()` and `train()`, and the
# top-level flag alone, `model.training`, does not tell what it was: it is `True` both times below. To
# put a model back as it was, each module's own flag is what has to be remembered.

# %%
net[2].eval()                                # this dropout layer off, the rest of the network training
print("mixed modes:                 ", [m.training for m in net.modules()], " net.training:", net.training)
net.eval()
net.train()
print("after net.eval(), net.train():", [m.training for m in net.modules()], " net.training:", net.training)


# %% [markdown]
# The mode changes what layers compute; it does **not** switch off autograd (chapter 3): a model in
# evaluation mode still records a graph unless the computation runs under `torch.no_grad()`.
#
# ## 4. A training object to reuse
#
# The steps of training are the same for every model: compute the loss, back-propagate, step, clear the
# gradients for the next batch. Written once around a model, a loss and an optimizer, they serve any of
# them. Here they live in a small class: the constructor keeps the three, and `epoch` runs one pass over
# the data in shuffled mini-batches, one optimizer step per mini-batch.
#
# Why clearing is a step of its own shows in one more thing this class can do. `backward` **adds** to
# `.grad`, so the gradient of one mini-batch can be gathered in several backward passes, one per piece of
# the batch (chapter 3's micro-batches), as when a batch is too large to go through the model at once.
# For a loss that averages over its examples (as `nn.MSELoss` does by default), weighting each piece's
# loss by its share of the batch makes the sum in `.grad` the gradient of the whole batch's loss. So the
# order is: every piece's backward pass, then the optimizer's step, which reads `.grad`, then
# `zero_grad()`, so that the next mini-batch starts from no gradient at all (`zero_grad()` sets each
# `.grad` to `None`).
#
# `epoch` returns the mean loss as a Python float (`.item()`), so nothing it returns keeps a graph alive.
# It leaves the mode to its caller: the cells below put the model in training mode once, before its
# epochs, and evaluate only after them. Code that evaluates between epochs must switch training mode back
# on each time.

# %%
class Trainer:
    """Trains ``model`` with ``loss_fn`` and ``optimizer``; each ``epoch(...)`` is one pass over the data,
    each mini-batch going through the model in ``pieces`` pieces."""

    def __init__(self, model, loss_fn, optimizer, pieces=1):
        self.model, self.loss_fn, self.optimizer, self.pieces = model, loss_fn, optimizer, pieces

    def epoch(self, inputs, targets, batch_size, generator):
        """One pass over ``(inputs, targets)`` in shuffled mini-batches, one optimizer step for each, in
        whatever mode the model is in; returns the mean loss per example. Each mini-batch must hold at least
        ``self.pieces`` examples (``tensor_split`` would otherwise give empty pieces)."""
        total = 0.0
        for batch in torch.randperm(len(inputs), generator=generator).to(inputs.device).split(batch_size):
            for piece in batch.tensor_split(self.pieces):
                piece_loss = self.loss_fn(self.model(inputs[piece]), targets[piece])
                (piece_loss * len(piece) / len(batch)).backward()    # adds this piece's share to .grad
                total += piece_loss.item() * len(piece)
            self.optimizer.step()                                    # with the whole batch's gradient
            self.optimizer.zero_grad()                               # nothing carried into the next batch
        return total / len(inputs)


# %% [markdown]
# One epoch of the quadratic with plain SGD, from the same start and with the same shuffle, in one piece
# per mini-batch of 4 and in two: the 11 readings make mini-batches of 4, 4 and 3, so each run takes three
# steps. The two report the same mean loss and end at the same parameters (summing a gradient in two
# pieces could differ from summing it at once by float32 rounding; here it does not differ at all). After
# the epoch no gradient is left on the model.

# %%
after_epoch = {}
for pieces in (1, 2):
    model = PolynomialThermometer(2)
    trainer = Trainer(model, loss_fn, torch.optim.SGD(model.parameters(), lr=0.1), pieces=pieces)
    model.train()
    mean_loss = trainer.epoch(t, t_c, batch_size=4, generator=torch.Generator().manual_seed(3))
    after_epoch[pieces] = torch.cat([p.detach().reshape(-1) for p in model.parameters()])
    print(f"pieces={pieces}: mean loss {mean_loss:.4f}, (c_2, c_1, b) = {after_epoch[pieces]},",
          "gradients left:", [p.grad for p in model.parameters()])
print("largest difference between the two:", (after_epoch[1] - after_epoch[2]).abs().max().item())

# %% [markdown]
# It trains the dropout network on the thermometer, with Adam, mini-batches of 4 and an explicitly seeded
# shuffle. The network's `nn.Linear` layers want one row per example: shape `(11, 1)`. To plot its curve
# it is switched to evaluation mode (no dropout) and run under `no_grad`.

# %%
torch.manual_seed(2)
net = nn.Sequential(nn.Linear(1, 32), nn.Tanh(), nn.Dropout(p=0.2), nn.Linear(32, 1))
trainer = Trainer(net, loss_fn, torch.optim.Adam(net.parameters(), lr=0.01))
shuffle = torch.Generator().manual_seed(0)
inputs, targets = t.reshape(-1, 1), t_c.reshape(-1, 1)
net.train()                               # the mode is the caller's business: training, for all 400 epochs
history = [trainer.epoch(inputs, targets, batch_size=4, generator=shuffle) for _ in range(400)]
print(f"mean training loss: epoch 1 {history[0]:.2f}, epoch 400 {history[-1]:.2f}")

grid = torch.linspace(t.min().item(), t.max().item(), 100)
net.eval()
with torch.no_grad():
    net_curve = net(grid.reshape(-1, 1)).squeeze(1)
    quadratic_curve = quadratic(grid)

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.5))
left.plot(history)
left.set_xlabel("epoch")
left.set_ylabel("mean training MSE (dropout on)")
right.scatter(t.numpy(), t_c.numpy(), color="black", label="readings")
right.plot(grid.numpy(), quadratic_curve.numpy(), label="PolynomialThermometer(2)")
right.plot(grid.numpy(), net_curve.numpy(), label="network, eval mode")
right.set_xlabel("standardised reading t")
right.set_ylabel("°C")
right.legend()
plt.show()

# %% [markdown]
# ## 5. Devices
#
# Every tensor lives on a *device*: `cpu`, a CUDA GPU (`cuda:0`, ...), Apple's GPU (`mps`), and others.
# An operation runs on the device of its inputs, and they must all be on the same one (the error is shown
# below). Choose the device once, at the top of a program, and create or move everything there. The
# course's `devices.pick_device()` prefers CUDA, then `mps`, then the CPU, and describes its choice. The
# cell below says once which device the notebook found, and that it fell back to the CPU when there is no
# GPU; the device cells after it run on `device`, whichever it is (only the timing of section 6 notes again
# that it had no GPU to time).

# %% tags=["device"]
device, device_description = devices.pick_device()
print("this notebook's device cells ran on", device_description)

# %% [markdown]
# ### From NumPy: `torch.from_numpy`
#
# `torch.from_numpy(array)` makes a CPU tensor that **shares memory** with the array (a change to one
# shows in the other) and keeps its dtype: NumPy's default float64 stays float64, while `nn` layers
# hold float32. `.float()` converts, which makes a copy.

# %%
readings = np.linspace(20.0, 80.0, 4)
as_tensor = torch.from_numpy(readings)
readings[0] = -1.0
print(as_tensor, "  the array's change shows in the tensor")
as_float = as_tensor.float()
readings[1] = -2.0
print(as_float, "  a float32 copy, no longer shared")

# %% [markdown]
# ### To a device and back: `.to(device)`, `.cpu().numpy()`
#
# `tensor.to(device)` returns a tensor on `device`. When the tensor is already there it returns **the
# same tensor**, not a copy; otherwise it returns a copy on the other device. Mixing devices in one
# operation is an error; below, `meta` (a device that every PyTorch build has and that stores no values)
# plays the other device. The one exception is a zero-dimensional CPU tensor, which PyTorch treats like a
# plain number.
#
# `module.to(device)` is different from `tensor.to`: it moves the module's parameters and buffers and
# returns the module itself. Whether each `Parameter` object survives the conversion depends on the
# kind of tensor: for a change of dtype, or from the CPU to a CUDA GPU, the object stays and the data
# inside it is replaced; to `meta` a new `Parameter` takes its place. An optimizer built before the move
# may therefore hold tensors the model no longer uses, and the state it has gathered (Adam's running
# averages) stays on the old device. So move the model first, then build its optimizer, as PyTorch's
# documentation asks.

# %% tags=["device"]
on_device = as_float.to(device)
print("moved to:", on_device.device, "  already there, .to(device) returns it unchanged:", on_device.to(device) is on_device)
print("from the CPU to the CPU is no move at all:", as_float.to("cpu") is as_float)
show_error(lambda: as_float + torch.ones(4, device="meta"))
print("a zero-dimensional CPU tensor mixes with any device:", (torch.tensor(2.0) * torch.ones(4, device="meta")).device)

moved_net = net.to(device)
print("module.to returns the module itself:", moved_net is net, "  its parameters are on:",
      {p.device for p in net.parameters()})
scratch = nn.Linear(1, 1)
weight_before = scratch.weight
print("the same Parameter object after .double():", scratch.double().weight is weight_before,
      "  after .to('meta'):", scratch.to("meta").weight is weight_before)

# %% [markdown]
# With the data on the same device, the trainer runs unchanged: it never says where it runs. Data
# usually arrives as a float64 NumPy array; `.to` takes a device and a dtype together, so it becomes
# float32 on the device in one step. The network has (possibly) moved and its Adam holds the state of
# section 4, so it gets a new optimizer, and with it a new trainer.

# %% tags=["device"]
x_np = t.numpy().astype(np.float64).reshape(-1, 1)
x_device = torch.from_numpy(x_np).to(device, torch.float32)
y_device = t_c.reshape(-1, 1).to(device)
trainer = Trainer(net, loss_fn, torch.optim.Adam(net.parameters(), lr=0.01))
net.train()                               # section 4 left it in evaluation mode, and epoch does not switch
loss_on_device = trainer.epoch(x_device, y_device, batch_size=4, generator=shuffle)
print(f"one more epoch on {device}: mean loss {loss_on_device:.2f}")

# %% [markdown]
# Back to NumPy takes two steps: `.cpu()` (a copy to host memory when the tensor is on a GPU, the tensor
# itself when it is already on the CPU) and `.numpy()`, which refuses tensors on any other device
# (`meta` stands in for a GPU again). `.numpy()` also refuses a tensor that requires grad, on the CPU too:
# the predictions below are computed with grad mode on, and `.cpu()` keeps them in the graph (a copy that
# autograd records, or the tensor itself). So the full idiom is `tensor.detach().cpu().numpy()`.

# %% tags=["device"]
net.eval()
predictions = net(x_device)
show_error(lambda: predictions.cpu().numpy())
show_error(lambda: torch.zeros(2, device="meta").numpy())
as_array = predictions.detach().cpu().numpy()
print(type(as_array).__name__, as_array.shape, as_array.dtype, "  back to training mode:", net.train().training)

# %% [markdown]
# ### The leaf pitfall: moving a tensor that requires grad
#
# Moving a tensor to another device is an operation like any other, and autograd records it when the
# tensor requires grad. Say the thermometer's line of chapter 4 was trained on the CPU as one loose leaf
# tensor, `line` $= (w, b) = (5.3671, -17.3012)$ (fitted to the scaled readings $0.1\,t_u$), and training
# is to resume on the device. The obvious
#
# ```python
# line_on_device = line.to(device)
# ```
#
# gives, on a GPU, a **non-leaf**: `line` stays the leaf, and `line_on_device` is a copy computed from it,
# with `grad_fn=<ToCopyBackward0>`. `backward` writes the gradient into `line`, in host memory;
# `line_on_device.grad` stays `None` (reading it warns), and an optimizer refuses the copy with
# `ValueError: can't optimize a non-leaf Tensor`. On the CPU, `.to("cpu")` returns `line` itself, so the
# line looks harmless there and breaks only when the code first meets a GPU. The `meta` device shows the
# GPU behaviour on any machine.
#
# Where does the gradient go? A dtype conversion is a copy of the same kind (`ToCopyBackward0`), and it
# runs anywhere: the last lines of the cell show that the copy gets no `.grad`, `line` does.

# %% tags=["device"]
line = torch.tensor([5.3671, -17.3012], requires_grad=True)   # (w, b) as training on the CPU left them
for where in dict.fromkeys([device, torch.device("meta")]):
    line_on_device = line.to(where)
    print(f"on {str(where):>6}: line itself: {line_on_device is line!s:5}  is_leaf={line_on_device.is_leaf!s:5}",
          f"grad_fn={type(line_on_device.grad_fn).__name__ if line_on_device.grad_fn else None}")
show_error(lambda: torch.optim.SGD([line.to("meta")], lr=0.1))

as_float64 = line.to(torch.float64)
(3 * as_float64).sum().backward()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # reading .grad of a non-leaf warns; the point is that it is None
    print("the float64 copy: is_leaf =", as_float64.is_leaf, " grad =", as_float64.grad)
print("line:             is_leaf =", line.is_leaf, " grad =", line.grad)

# %% [markdown]
# The rule: a tensor is a leaf on the device when `requires_grad` is switched on *after* the last copy
# or computation that made it, or when it is created there, by a factory function given `device=` and
# `requires_grad=True` (`torch.tensor`, `zeros`, `full`, `rand`...; `torch.as_tensor` takes no
# `requires_grad=`), so that autograd recorded no copy. `line` already requires grad, so its values have
# to leave the graph before they move: `line.detach()` holds the same numbers without requiring grad
# (chapter 2). Four ways resume `line` on the device:
#
# - create it there from its numbers, with `torch.tensor`;
# - move the detached values, then call `requires_grad_()` on the moved copy;
# - move the detached values, then wrap the moved copy in `nn.Parameter`;
# - let a module create its parameters there: layers such as `nn.Linear` take `device=` and pass it on to
#   the factories that make their weight and bias; the values are then written into them in place under
#   `no_grad`, which is also how `torch.nn.init` sets a parameter's values.
#
# Each result (five tensors: the module holds two) is a leaf on the device, and `backward` fills its own
# `.grad` there; `line`, whose `.grad` the cell above set to $(3, 3)$, is left alone.

# %% tags=["device"]
created_there = torch.tensor(line.tolist(), device=device, requires_grad=True)
moved_then_flagged = line.detach().to(device).requires_grad_()
moved_then_wrapped = nn.Parameter(line.detach().to(device))
layer = nn.Linear(1, 1, device=device)
with torch.no_grad():                                  # written in place, as torch.nn.init does
    layer.weight.copy_(line[0])
    layer.bias.copy_(line[1])
resumed = [("tensor(device=, requires_grad=)", created_there), ("detached, moved, flagged", moved_then_flagged),
           ("detached, moved, nn.Parameter", moved_then_wrapped), ("nn.Linear(device=).weight", layer.weight),
           ("nn.Linear(device=).bias", layer.bias)]
for name, tensor in resumed:
    (2 * tensor).sum().backward()
    print(f"{name:>31}: {tensor.device}, is_leaf={tensor.is_leaf}, values",
          [round(v, 4) for v in tensor.detach().cpu().reshape(-1).tolist()],
          f"grad on {tensor.grad.device}: {tensor.grad.cpu().reshape(-1).tolist()}")
print("line.grad is still", line.grad, "  an optimizer accepts all five:",
      len(torch.optim.SGD([tensor for _, tensor in resumed], lr=0.1).param_groups[0]["params"]) == 5)

# %% [markdown]
# Random draws made on a CUDA device come from that device's own generator, not the CPU's, so the same
# seed gives other numbers there than on the CPU (`torch.manual_seed` seeds both). On the CPU, a draw
# with `device="cpu"` is the CPU's draw:

# %% tags=["device"]
torch.manual_seed(42)
drawn_on_device = torch.rand(3, device=device)
torch.manual_seed(42)
drawn_on_cpu = torch.rand(3)
print(f"seed 42, torch.rand(3) drawn on {device}:", drawn_on_device.cpu(), "  drawn on the CPU:", drawn_on_cpu)

# %% [markdown]
# A module's parameters never meet the leaf pitfall: `model.to(device)` moves them and they remain leaf
# `nn.Parameter`s, which is one more reason to keep parameters in modules.

# %% tags=["device"]
print({name: (p.device.type, p.is_leaf, type(p).__name__) for name, p in net.named_parameters()})

# %% [markdown]
# ## 6. CPU against GPU: one training step, timed
#
# A GPU pays off when each step does a lot of arithmetic. The step below trains a network with two
# hidden layers of width 1024 on a batch of 512 examples: each step multiplies 512 × 1024 matrices by
# 1024 × 1024 ones several times (forward and backward), billions of floating-point operations. The
# model, the data and the optimizer are created on each device.
#
# Timing a GPU needs care. GPU operations are *queued* and return at once, so reading the clock right
# after a call measures the queueing. A step that reads a number back, as `Trainer.epoch` does with
# `.item()`, waits anyway: copying a value to the host waits for the work queued before it. The step
# timed here reads nothing back, so `devices.seconds_per_call` calls `torch.cuda.synchronize()` (or its
# `mps` twin) after the warm-up and after each timed call, and the clock stops when the GPU has finished.
# The first calls pay one-off costs (memory allocation, kernel choice), so warm-up calls are run but not
# timed; the result is the median of the timed calls.

# %% tags=["device"]
WIDTH, BATCH = 1024, 512


def timed_training_step(where):
    """Seconds per training step of a width-1024 network on a batch of 512, everything created on ``where``."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(WIDTH, WIDTH), nn.ReLU(), nn.Linear(WIDTH, WIDTH), nn.ReLU(),
                          nn.Linear(WIDTH, 1)).to(where)
    batch_x = torch.randn(BATCH, WIDTH, device=where)
    batch_y = torch.randn(BATCH, 1, device=where)
    sgd = torch.optim.SGD(model.parameters(), lr=1e-3)

    def step():
        """Queues one training step; reads nothing back, so on a GPU it returns before the work is done."""
        sgd.zero_grad()
        loss_fn(model(batch_x), batch_y).backward()
        sgd.step()

    return devices.seconds_per_call(step, where, warmup=2, repeats=3)


timings = {"cpu": timed_training_step(torch.device("cpu"))}
print(f"CPU ({torch.get_num_threads()} threads): {1000 * timings['cpu']:.1f} ms per step"
      " (median of 3 after 2 warm-up steps)")
if device.type == "cpu":
    print("No GPU on this machine: only the CPU was timed.")
else:
    timings[device.type] = timed_training_step(device)
    print(f"{device_description}: {1000 * timings[device.type]:.2f} ms per step"
          f" (median of 3 after 2 warm-up steps), {timings['cpu'] / timings[device.type]:.0f} times faster")

# %% [markdown]
# ## Closing note
#
# The cell below records where this copy's outputs were produced, and the timings measured there.
# Colab's free GPU runtime runs the same cells on a GPU.

# %% tags=["device"]
print("outputs produced on:", device)
print("timings:", {where: f"{1000 * seconds:.2f} ms per step" for where, seconds in timings.items()})

# %% [markdown]
# ## Exercises (ungraded)
#
# 1. `PolynomialThermometer(3)` adds a cubic term. Train it as in section 2: which lines of the class,
#    the loop or the optimizer had to change? Can the `state_dict()` of the trained quadratic be loaded
#    into it, and what does `load_state_dict` answer?
# 2. Save `quadratic.state_dict()` with `torch.save`, load it into a fresh model with
#    `torch.load` and `load_state_dict`, and check that the predictions agree. Do the same with
#    `RawThermometer`: which of its buffers come back from the file, and why does the model still work?
# 3. Train the dropout network for 400 epochs with `p=0.0` and with `p=0.5`. Compare the training loss
#    reported by `Trainer.epoch` with the loss of the same network in evaluation mode. Which one is lower,
#    and why?
# 4. Time `timed_training_step` for widths 16, 64, 256 and 1024 (change `WIDTH`). Where does the GPU
#    start to win on your machine (Colab offers a free GPU runtime)? Why can a GPU lose on a tiny model?

# %% [markdown] navigation="footer"
# ---
#
# ← previous: [Chapter 5: Optimizers (SGD and Adam)](ch05_optimizers.ipynb) · [Contents](contents.ipynb) · next: [Chapter 7: Your own autograd](ch07_your_own_autograd.ipynb) →
#
# Practise this chapter: [its assignment](../release/ch06/ch06_modules_and_devices.ipynb)
