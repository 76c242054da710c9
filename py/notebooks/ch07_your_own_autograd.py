# %% [markdown] navigation="header"
# **Autograd, from NumPy to PyTorch** · Chapter 7: Your own autograd · [Contents](contents.ipynb)
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/autograd-course/autograd-from-numpy-to-pytorch/blob/main/notebooks/ch07_your_own_autograd.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/autograd-course/autograd-from-numpy-to-pytorch/main?urlpath=lab/tree/notebooks/ch07_your_own_autograd.ipynb)

# %% [markdown]
# # Chapter 7: Capstone — your own autograd
#
# Six chapters of `loss.backward()` have filled in gradients for us. This chapter opens the box: we
# build a small reverse-mode automatic differentiation engine in plain Python, draw its graphs, check it
# against PyTorch, and then go the other way and teach PyTorch an operation of our own. You will see:
#
# 1. backpropagation by hand on the smallest model there is ($x = 2$, $y = 4$, $w = 0$: loss 16,
#    $\partial L/\partial w = -16$), as the pattern an engine automates;
# 2. the design: values that remember their parents and how they were made, each with a local rule;
# 3. the computation graph, drawn with graphviz;
# 4. why the values must be visited in *reverse topological order*;
# 5. why gradients are *added* into a value, and what goes wrong with `=` instead of `+=`;
# 6. the engine checked against PyTorch, then used to train the one-weight model on four points;
# 7. a custom `torch.autograd.Function` with a hand-written backward, checked with `gradcheck`.
#
# The engine here knows two operations, `+` and `*`. The assignment (`release/ch07/`) asks for the full
# engine, with the operations a small neural network needs, and for a `torch.autograd.Function` of
# another function.

# %%
# Setup: on Colab, install the two packages it lacks (torchviz and the course's own package,
# as of the commit this notebook was built with). Anywhere else the course environment already has them,
# and this cell does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "torchviz==0.0.3",
                    "autograd-course @ git+https://github.com/autograd-course/autograd-from-numpy-to-pytorch@9b59d82e9e9d3771772d0b82a2eb972af3aed026"], check=True)

# %%
import warnings

import numpy as np
import torch
import torch.nn.functional as F
from graphviz import Digraph
from IPython.display import Image, display
from torch.autograd.gradcheck import GradcheckError

torch.set_printoptions(precision=4)


def show(graph):
    """Display a graphviz graph as a PNG image (so it is stored in the notebook's outputs)."""
    display(Image(graph.pipe(format="png")))


# %% [markdown]
# ## 1. Backpropagation by hand, one last time
#
# The smallest model: one weight $w$, prediction $\hat y = w x$, loss $L = (\hat y - y)^2$. Name the
# intermediate results, $\hat y = w x$ and $s = \hat y - y$, so that every step is one operation:
#
# $$\hat y = w x, \qquad s = \hat y - y, \qquad L = s^2.$$
#
# Each operation has a *local* derivative that depends only on its own inputs:
# $\partial L/\partial s = 2s$, $\partial s/\partial \hat y = 1$, $\partial \hat y/\partial w = x$. The
# chain rule multiplies them along the way back from $L$ to $w$. At $x = 2$, $y = 4$, $w = 0$:

# %%
x, y, w = 2.0, 4.0, 0.0
y_hat = w * x
s = y_hat - y
L = s ** 2
dL_ds = 2 * s          # local derivative of the square
ds_dyhat = 1.0         # local derivative of the subtraction, with respect to its first input
dyhat_dw = x           # local derivative of the product, with respect to w
print(f"loss = {L}")
print(f"dL/dw = {dL_ds} * {ds_dyhat} * {dyhat_dw} = {dL_ds * ds_dyhat * dyhat_dw}")


# %% [markdown]
# Two things made this work, and both generalise. Going forward, we kept every intermediate result
# ($\hat y$, $s$), because the local derivatives need them ($2s$ needs $s$). Going back, we started from
# $\partial L/\partial L = 1$ and multiplied one local derivative at a time, from the output towards the
# inputs. An autograd engine does exactly this bookkeeping, for any expression.
#
# ## 2. The design: a value that remembers where it came from
#
# Our engine's unit is a `Node`: a number together with
#
# - the nodes it was computed from (its *parents*) and the operation that combined them, recorded while
#   the forward pass runs;
# - a `grad` slot, which the backward pass fills with $\partial\,\text{output}/\partial\,\text{node}$.
#
# Python's operator methods (`__add__`, `__mul__`) let `a + b` and `a * b` on nodes build new nodes.
# This engine knows only those two operations, which is enough for everything in this notebook: $s = \hat
# y - y$ becomes $\hat y + (-1)\,y$, and $s^2$ becomes $s \cdot s$.

# %%
class Node:
    """A number in a computation, with the nodes it was computed from and the operation that did it."""

    def __init__(self, value, parents=(), op="", name=""):
        self.value = value
        self.parents = parents      # the nodes this one was computed from, in order
        self.op = op                # "+" or "*" ("" for a node we created ourselves)
        self.name = name            # only for drawing
        self.grad = 0.0             # d(output)/d(this node), filled in by the backward pass

    def __add__(self, other):
        other = as_node(other)
        return Node(self.value + other.value, parents=(self, other), op="+")

    def __mul__(self, other):
        other = as_node(other)
        return Node(self.value * other.value, parents=(self, other), op="*")

    def __repr__(self):
        return f"Node({self.value:g}, grad={self.grad:g})"


def as_node(thing):
    """Plain numbers become constant nodes, so that `node * -1.0` works."""
    return thing if isinstance(thing, Node) else Node(float(thing), name=f"{thing:g}")


# %% [markdown]
# The local rules live in one place, keyed by the operation's name: for each parent, the derivative of
# the node with respect to that parent. For $a + b$ both are 1; for $a \cdot b$ the derivative with
# respect to one factor is the other factor. This is why the forward pass must keep the parents'
# values.

# %%
def local_derivatives(node):
    """d(node)/d(parent) for each of the node's parents, in the same order."""
    if node.op == "+":
        return [1.0, 1.0]
    if node.op == "*":
        first, second = node.parents
        return [second.value, first.value]
    return []   # a node we created: no parents, nothing to pass on


# %% [markdown]
# The forward pass of the example, written with nodes, gives the same loss, and records a graph
# along the way:

# %%
def seed_example():
    x, y, w = Node(2.0, name="x"), Node(4.0, name="y"), Node(0.0, name="w")
    y_hat = w * x
    minus_y = y * -1.0
    s = y_hat + minus_y
    loss = s * s
    y_hat.name, minus_y.name, s.name, loss.name = "y_hat = w*x", "-y", "s = y_hat - y", "L = s*s"
    return {"x": x, "y": y, "w": w, "y_hat": y_hat, "s": s, "loss": loss}


nodes = seed_example()
print(nodes["loss"], "computed by", repr(nodes["loss"].op), "from", nodes["loss"].parents)


# %% [markdown]
# ## 3. Drawing the graph
#
# Starting from the output and following `parents` visits every node the output was computed from.
# The `Digraph` class of the `graphviz` package turns that walk into a picture: a box per node (its
# value and gradient) and a circle per operation. Gradients are still 0: nothing has run backward yet.
# Note the two arrows from $s$ into the last `*`: the loss uses $s$ twice.

# %%
def walk(output):
    """Every node ``output`` was computed from, output first, each once."""
    seen, stack, found = set(), [output], []
    while stack:
        node = stack.pop()
        if id(node) not in seen:
            seen.add(id(node))
            found.append(node)
            stack.extend(node.parents)
    return found


def draw(output):
    """The graph of every node that ``output`` was computed from, left to right."""
    graph = Digraph(graph_attr={"rankdir": "LR"}, node_attr={"fontsize": "11"})
    nodes = walk(output)
    names = {id(node): f"n{i}" for i, node in enumerate(nodes)}   # stable names: the same picture every run
    for node in nodes:
        name = names[id(node)]
        graph.node(name, f"{node.name} | value {node.value:g} | grad {node.grad:g}", shape="record")
        if node.parents:
            graph.node(name + "op", node.op, shape="circle")
            graph.edge(name + "op", name)
            for parent in node.parents:
                graph.edge(names[id(parent)], name + "op")
    return graph


show(draw(nodes["loss"]))


# %% [markdown]
# ## 4. The order of the backward pass
#
# Backward starts at the output with $\partial L/\partial L = 1$. A node then passes its gradient to
# each parent, multiplied by the local derivative: `parent.grad += local * node.grad`. That is only
# right if the node's own gradient is **complete** when it passes it on, that is, after *every* node
# that uses it has contributed. An order in which each node comes after all the nodes that use it is a
# *reverse topological order* of the graph.
#
# One way to produce it (Kahn's algorithm): count, for every node, how many operations use it; start
# from the output; each time a node passes its gradient to a parent, lower that parent's count, and
# once the count is 0, every use has contributed and the parent may run. PyTorch's engine schedules its
# backward pass the same way: before running, it counts for every node of the graph the gradients it
# still waits for, and runs a node only when all of them have arrived.

# %%
def count_uses(output):
    """How many operations use each node (by id), over the whole graph of ``output``."""
    uses = {id(node): 0 for node in walk(output)}
    for node in walk(output):
        for parent in node.parents:
            uses[id(parent)] += 1
    return uses


def backprop(output):
    """Fill in node.grad = d(output)/d(node) for every node of the graph; return the order used."""
    uses = count_uses(output)
    output.grad = 1.0
    ready, order = [output], []
    while ready:
        node = ready.pop()
        order.append(node)
        for parent, local in zip(node.parents, local_derivatives(node)):
            parent.grad += local * node.grad      # add: the parent may be used more than once
            uses[id(parent)] -= 1
            if uses[id(parent)] == 0:             # every use has contributed: its gradient is complete
                ready.append(parent)
    return order


nodes = seed_example()
order = backprop(nodes["loss"])
print("order:", " -> ".join(node.name for node in order))
print(f"dL/dw = {nodes['w'].grad:g}, dL/dx = {nodes['x'].grad:g}, dL/dy = {nodes['y'].grad:g}, "
      f"dL/ds = {nodes['s'].grad:g}")
show(draw(nodes["loss"]))


# %% [markdown]
# $\partial L/\partial w = -16$, as by hand, and every intermediate node carries its gradient too:
# $\partial L/\partial s = 2s = -8$ and $\partial L/\partial \hat y = -8$. (The constant $-1$ got a
# gradient as well; nobody reads it.)
#
# Why not simply recurse: a node runs its rule, then asks each parent to run its own? On a chain that
# gives the right answer, because every node has a single user. But when a node feeds several
# operations, the recursion reaches it once per path from the output, and each time it passes on its
# whole gradient so far, complete or not. Take $a = x y$ and $f = a \cdot a + a$: $a$ is used three
# times, and by hand $\partial f/\partial x = (2a + 1)\,y$.

# %%
def backprop_recursive(node):
    """Wrong on shared nodes: each node runs its rule, then immediately asks its parents to run theirs."""
    for parent, local in zip(node.parents, local_derivatives(node)):
        parent.grad += local * node.grad
    for parent in node.parents:
        backprop_recursive(parent)


def shared_example():
    x, y = Node(3.0, name="x"), Node(-2.0, name="y")
    a = x * y
    return x, a * a + a


a = 3.0 * -2.0
print("by hand:                  ", (2 * a + 1) * -2.0)
x, f = shared_example()
backprop(f)
print("reverse topological order:", x.grad)
x, f = shared_example()
f.grad = 1.0
backprop_recursive(f)
print("recursion, once per path: ", x.grad)


# %% [markdown]
# ## 5. Gradients add up: `+=`, not `=`
#
# The multivariable chain rule sums over paths: when a node is used several times, its gradient is the
# sum of the contributions of every use. In `backprop` that is the `+=` in
# `parent.grad += local * node.grad`. Writing `=` there is the classic bug: each contribution
# overwrites the one before, and only the last use counts. In the example the loss is $s \cdot s$, so
# $s$ is used twice, and the damage propagates to everything computed before $s$:

# %%
def backprop_overwriting(output):
    """Wrong: the same as backprop, but with = where gradients should be added."""
    uses = count_uses(output)
    output.grad = 1.0
    ready = [output]
    while ready:
        node = ready.pop()
        for parent, local in zip(node.parents, local_derivatives(node)):
            parent.grad = local * node.grad       # the bug: overwrites instead of adding
            uses[id(parent)] -= 1
            if uses[id(parent)] == 0:
                ready.append(parent)


nodes = seed_example()
backprop_overwriting(nodes["loss"])
print(f"with = : dL/ds = {nodes['s'].grad:g}, dL/dw = {nodes['w'].grad:g}")
nodes = seed_example()
backprop(nodes["loss"])
print(f"with +=: dL/ds = {nodes['s'].grad:g}, dL/dw = {nodes['w'].grad:g}")

# %% [markdown]
# Half the gradient, and no error anywhere: only a check against an independent computation finds it.
# PyTorch adds in the same way. Within one backward pass, the contributions of every use of a tensor are
# summed; and a leaf's `.grad` is added to across backward passes too, which is why chapter 3 zeroed it
# between steps. Our `backprop` expects fresh nodes, whose `grad` is still 0: every example here builds
# its graph anew before running it.
#
# ## 6. Checking the engine against PyTorch
#
# The same expression with float64 tensors gives PyTorch's answer, to compare with ours. PyTorch's graph
# has the same shape: every result records in `grad_fn` the operation that made it, and
# `grad_fn.next_functions` points to the nodes of its inputs, leaves ending in `AccumulateGrad`, which
# adds into `.grad`.

# %%
x_t = torch.tensor(2.0, dtype=torch.float64)
y_t = torch.tensor(4.0, dtype=torch.float64)
w_t = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
s_t = w_t * x_t + y_t * -1.0
loss_t = s_t * s_t
loss_t.backward()
print("PyTorch: loss =", loss_t.item(), " dL/dw =", w_t.grad.item())
print("loss_t.grad_fn:", loss_t.grad_fn.name(), "->", [fn.name() for fn, _ in loss_t.grad_fn.next_functions])


# %% [markdown]
# One example proves little. Here is a family of expressions with shared sub-expressions, evaluated at
# 200 random points by both engines; every gradient agrees to rounding error.

# %%
def expression(a, b, c):
    """Works on Nodes and on tensors alike: only + and * (and numbers) are used."""
    ab = a * b
    u = ab + c * -0.5
    v = u * u + ab * c
    return v * u + a * 3.0 + v


rng = np.random.default_rng(7)
worst = 0.0
for point in rng.uniform(-2, 2, size=(200, 3)):
    ours = [Node(float(p)) for p in point]
    backprop(expression(*ours))
    theirs = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in point]
    expression(*theirs).backward()
    for n, t in zip(ours, theirs):
        worst = max(worst, abs(n.grad - t.grad.item()) / max(1.0, abs(t.grad.item())))
print(f"largest relative difference over 200 points: {worst:.2e}")

# %% [markdown]
# With the engine trusted, it can train. Four points on the line $y = 2x$, the one-weight model
# $\hat y = w x$ from $w = 0$, the mean squared error, and plain gradient descent with learning rate
# 0.01. The gradient at the start is $-120$, and $w$ reaches 2.000 (to three decimals) in ten steps:

# %%
xs, ys = [2.0, 4.0, 6.0, 8.0], [4.0, 8.0, 12.0, 16.0]
w_value, lr = 0.0, 0.01
for epoch in range(1, 11):
    w_node = Node(w_value, name="w")
    total = Node(0.0)
    for x_i, y_i in zip(xs, ys):
        error = w_node * x_i + y_i * -1.0
        total = total + error * error
    loss = total * (1 / len(xs))
    backprop(loss)
    w_value -= lr * w_node.grad
    print(f"epoch {epoch:2d}: loss {loss.value:10.6f}, dL/dw {w_node.grad:9.3f}, w -> {w_value:.3f}")


# %% [markdown]
# ## 7. Extending PyTorch: a custom `torch.autograd.Function`
#
# The other direction: PyTorch's engine, our operation. A `torch.autograd.Function` has two static
# methods. `forward(ctx, x)` computes the result; autograd does not record the operations inside it, so
# it must keep on `ctx` what the backward pass needs (`ctx.save_for_backward`). `backward(ctx,
# grad_output)` receives $\partial\,\text{final}/\partial\,\text{output}$ and returns
# $\partial\,\text{final}/\partial\,\text{input}$: the incoming gradient times the local derivative, the
# very rule our `Node` applies. We call it through `.apply`.
#
# Our example is softplus, $\operatorname{softplus}(x) = \log(1 + e^x)$, a smooth cousin of relu. Its
# derivative is the logistic sigmoid, $\sigma(x) = 1/(1 + e^{-x})$. The forward below uses the form
# $\max(x, 0) + \log(1 + e^{-|x|})$, equal to it, which never overflows.

# %%
class Softplus(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0) + torch.log1p(torch.exp(-x.abs()))

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * torch.sigmoid(x)


x = torch.linspace(-3, 3, 7, dtype=torch.float64, requires_grad=True)
out = Softplus.apply(x)
print("grad_fn:", out.grad_fn.name())
(out * out).sum().backward()          # something after softplus, so grad_output is not all ones
ours = x.grad.clone()

x.grad = None
(F.softplus(x) ** 2).sum().backward()
print("largest difference from PyTorch's own softplus:", (ours - x.grad).abs().max().item())

# %% [markdown]
# `torch.autograd.gradcheck` compares a backward with finite differences of the forward, entry by
# entry of the Jacobian. The differences lose about half the digits of the arithmetic, so it needs
# float64 inputs: in float32 even a correct backward fails it (PyTorch also warns about float32 inputs;
# the cell silences that warning).

# %%
torch.manual_seed(0)
x64 = torch.randn(6, dtype=torch.float64, requires_grad=True)
print("float64:", torch.autograd.gradcheck(Softplus.apply, (x64,)))
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    x32 = x64.detach().float().requires_grad_(True)
    print("float32:", torch.autograd.gradcheck(Softplus.apply, (x32,), raise_exception=False))


# %% [markdown]
# It also catches the classic mistake of a custom backward: returning the local derivative alone,
# without multiplying it by `grad_output`. Backward from a one-element output with nothing after it
# receives `grad_output` = 1, so there the mistake hides; `gradcheck` tests for it explicitly.

# %%
class SoftplusForgetful(Softplus):
    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return torch.sigmoid(x)          # the bug: grad_output is ignored


one = torch.tensor([0.3], dtype=torch.float64, requires_grad=True)
SoftplusForgetful.apply(one).backward()
print(f"one element, nothing after it: {one.grad.item():.6f}, and sigmoid(0.3) = {torch.sigmoid(one).item():.6f}")
try:
    torch.autograd.gradcheck(SoftplusForgetful.apply, (one,))
except GradcheckError as error:
    print("gradcheck:", str(error).strip().splitlines()[0])

# %% [markdown]
# ## Summary
#
# - An autograd engine records, during the forward pass, each result's parents and a local rule;
#   backward starts from 1 at the output and applies the rules in reverse topological order, so that
#   every value's gradient is complete before it is passed on.
# - A value used several times collects the sum of its contributions: `+=`. With `=` only the last
#   contribution survives, silently.
# - A recursive backward that passes gradients on at once is right on chains and wrong on shared
#   sub-expressions.
# - A `torch.autograd.Function` plugs a hand-written derivative into PyTorch's engine: save the inputs in
#   `forward`, multiply the local derivative into `grad_output` in `backward`, and verify with
#   `gradcheck` in float64.
#
# **The assignment** (`release/ch07/ch07_your_own_autograd.ipynb`) asks for `Value`, the full engine
# (`+ - * / **`, numbers on either side, `tanh`, `relu`, `exp`), checked against PyTorch on random
# expressions, and for `LegendreP3`, a `torch.autograd.Function` for the Legendre polynomial $P_3$.
#
# **Stretch (ungraded).** Give `Node` a third operation, `tanh`, by adding its rule to
# `local_derivatives` (its derivative is $1 - \tanh^2$, written with the node's own value); then make
# `draw` colour the nodes whose gradient is 0.

# %% [markdown] navigation="footer"
# ---
#
# ← previous: [Chapter 6: Modules and devices](ch06_modules_and_devices.ipynb) · [Contents](contents.ipynb)
#
# Practise this chapter: [its assignment](../release/ch07/ch07_your_own_autograd.ipynb)
