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
# 4. why the values must be visited in *reverse topological order*, two ways of finding that order, and
#    why a recursive search fails on deep graphs;
# 5. why gradients are *added* into a value, and what goes wrong with `=` instead of `+=`;
# 6. what a second backward pass over the same graph does, in our engine and in PyTorch;
# 7. the engine checked against PyTorch, then used to train the one-weight model on four points;
# 8. a custom `torch.autograd.Function` with a hand-written backward, checked with `gradcheck`, and why
#    the tensors its backward needs go through `ctx.save_for_backward`.
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
                    "autograd-course @ git+https://github.com/autograd-course/autograd-from-numpy-to-pytorch@d6b1112349f03e9cbdc530191d483e3ccd64b897"], check=True)

# %%
import sys
import warnings

import numpy as np
import torch
from graphviz import Digraph
from IPython.display import Image, display
from torch.autograd.gradcheck import GradcheckError

from autograd_course.display import show_error

torch.set_printoptions(precision=4)


def show(graph):
    """Display a graphviz graph as a PNG image (so it is stored in the notebook's outputs)."""
    display(Image(graph.pipe(format="png")))


def table(columns, rows):
    """Print rows of numbers under column titles; the first entry of each row is its name."""
    print(" | ".join(f"{c:>14}" for c in columns))
    for name, *numbers in rows:
        print(" | ".join([f"{name:>14}"] + [f"{n + 0.0:>14g}" for n in numbers]))  # + 0.0 turns -0.0 into 0.0


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
    """Every node ``output`` was computed from, output first, each once (with a stack, not recursion)."""
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
# One way to produce it (Kahn's algorithm): count, for every node, how many times it is an operand of an
# operation (in `s * s`, $s$ counts twice); start from the output; each time a node passes its gradient
# to a parent, lower that parent's count, and once the count is 0, every use has contributed and the
# parent may run. PyTorch's engine schedules its
# backward pass the same way: before running, it counts for every node of the graph the gradients it
# still waits for, and runs a node only when all of them have arrived.

# %%
def count_uses(output):
    """How many times each node (by id) is an operand, over the whole graph of ``output`` (x * x counts 2)."""
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
# ### Passing a gradient on before it is complete, or more than once
#
# Why not simply recurse: a node runs its rule, then asks each parent to run its own? On a chain that
# gives the right answer, because every node has a single user. But when a node feeds several
# operations, the recursion reaches it once per path from the output, and each time it passes on its
# whole gradient so far, complete or not. Take $a = x y$ and $f = a \cdot a + a$ at $x = 3$, $y = -2$:
# $a$ is used three times, and by hand $\partial f/\partial a = 2a + 1 = -11$,
# $\partial f/\partial x = (2a + 1)\,y = 22$ and $\partial f/\partial y = (2a + 1)\,x = -33$. A second
# graph, $g = (a x)(3a) + a$ with the same $a = xy$, uses $a$ at three different depths; as a function of
# the leaves $g = 3x^3y^2 + xy$, so $\partial g/\partial x = 9x^2y^2 + y = 322$ and
# $\partial g/\partial y = 6x^3y + x = -321$.

# %%
def backprop_recursive(node, reached=None):
    """Wrong on shared nodes: each node runs its rule, then immediately asks its parents to run theirs.
    ``reached``, a list, collects (node, the gradient it passes on) at every run of a node's rule."""
    if reached is not None:
        reached.append((node, node.grad))
    for parent, local in zip(node.parents, local_derivatives(node)):
        parent.grad += local * node.grad
    for parent in node.parents:
        backprop_recursive(parent, reached)


def shared_example():
    x, y = Node(3.0, name="x"), Node(-2.0, name="y")
    a = x * y
    return x, y, a, a * a + a


def deeper_example():
    x, y = Node(3.0, name="x"), Node(-2.0, name="y")
    a = x * y
    return x, y, a, (a * x) * (a * 3.0) + a


a_value = 3.0 * -2.0
by_hand = [2 * a_value + 1, (2 * a_value + 1) * -2.0, (2 * a_value + 1) * 3.0]
x, y, a, f = shared_example()
backprop(f)
in_order = [a.grad, x.grad, y.grad]
x, y, a, f = shared_example()
f.grad = 1.0
backprop_recursive(f)
recursive = [a.grad, x.grad, y.grad]
for make, grads_by_hand in [(deeper_example, [9 * 9.0 * 4.0 - 2.0, 6 * 27.0 * -2.0 + 3.0])]:
    x, y, a, g = make()
    backprop(g)
    in_order += [x.grad, y.grad]
    x, y, a, g = make()
    g.grad = 1.0
    reached = []
    backprop_recursive(g, reached)
    recursive += [x.grad, y.grad]
    by_hand += grads_by_hand
table(["", "by hand", "Kahn's order", "recursion"],
      [[name, *values] for name, *values in zip(["df/da", "df/dx", "df/dy", "dg/dx", "dg/dy"],
                                                by_hand, in_order, recursive)])
print("in g, what a passed on each time the recursion reached it:",
      [f"{grad:g}" for node, grad in reached if node is a], f"(dg/da = 6ax + 1 = {6 * a_value * 3.0 + 1:g})")


# %% [markdown]
# The recursion gets $\partial f/\partial a$ right: $a$ collects all three shares ($1$ from the `+`,
# $-6$ twice from the `*`). But it reaches $a$ once per path from $f$, twice through $a \cdot a$ and
# once directly, and each time $a$ passes on everything it holds: $x$ and $y$ receive their share three
# times, $66 = 3 \cdot 22$ and $-99 = 3 \cdot (-33)$. Here $a$ happened to be complete when it first ran. In
# $g$ it is not: the recursion reaches $a$ through $a x$ when the final `+` and $a x$ have added their
# shares ($1$ and $-54$) but $3a$ has not (its $-54$ is still to come), so $a$ passes on $-53$ of its
# $-107$; it is reached twice more and passes on everything it holds each time (the last line of the
# output), so
# $\partial g/\partial x$ and $\partial g/\partial y$ are no simple multiple of the right values. A node
# must run once, after all its users.
#
# ### A depth-first order, and Python's recursion limit
#
# Kahn's counting is one way to find the order. Depth-first search is the other common one: visit a
# node's parents first, then append the node itself; each node is visited once. The list then has every
# node after all the nodes it was computed from, and reversed, every node before them: run the rules
# in the reversed list and each gradient is complete when it is passed on. Same gradients:

# %%
def topological_order(output):
    """Every node of the graph, each after all the nodes it was computed from (recursive depth-first search)."""
    order, seen = [], set()

    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            for parent in node.parents:
                visit(parent)
            order.append(node)

    visit(output)
    return order


def backprop_depth_first(output):
    output.grad = 1.0
    for node in reversed(topological_order(output)):
        for parent, local in zip(node.parents, local_derivatives(node)):
            parent.grad += local * node.grad


x, y, a, f = shared_example()
backprop_depth_first(f)
print(f"depth first: df/da = {a.grad:g}, df/dx = {x.grad:g}, df/dy = {y.grad:g}")


# %% [markdown]
# Written recursively, as here, the search needs one nested Python call per level of the graph, and
# Python allows `sys.getrecursionlimit()` nested calls, 1000 by default (the calls already running, this
# notebook's own, count too). A sum of $n$ numbers, `total = total + term` in a loop, is a graph $n$
# levels deep: at 500 terms the search works, at 1,500 it stops with `RecursionError`. Kahn's counting
# (and `walk` above) keep their own stack in a list, so they have no such limit; a depth-first search
# can do the same, with an explicit stack instead of recursion.

# %%
def long_sum(n):
    """0 + 1 + 1 + ... + 1 (n ones) as nodes: a graph n levels deep; returns the total and the ones."""
    total, ones = Node(0.0), [Node(1.0) for _ in range(n)]
    for one in ones:
        total = total + one
    return total, ones


print("Python's recursion limit:", sys.getrecursionlimit())
total, _ = long_sum(500)
print("500 terms, recursive depth-first search:", len(topological_order(total)), "nodes in order")
total, ones = long_sum(1500)
show_error(lambda: topological_order(total))
backprop(total)
print("1,500 terms, Kahn's counting: every term has gradient 1:", all(one.grad == 1.0 for one in ones))


# %% [markdown]
# ## 5. Gradients add up: `+=`, not `=`
#
# The multivariable chain rule sums over paths: when a node is used several times, its gradient is the
# sum of the contributions of every use. In `backprop` that is the `+=` in
# `parent.grad += local * node.grad`. Writing `=` there is the classic bug: each contribution
# overwrites the one before, and only the last use counts. In the example the loss is $s \cdot s$, so
# $s$ is used twice, and the damage propagates to everything computed before $s$. PyTorch, on the same
# expression (with `retain_grad()` on the intermediate tensors, so that they keep a `.grad` too), is the
# referee:

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


overwritten = seed_example()
backprop_overwriting(overwritten["loss"])
added = seed_example()
backprop(added["loss"])

x_t, y_t, w_t = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (2.0, 4.0, 0.0))
y_hat_t = w_t * x_t
s_t = y_hat_t + y_t * -1.0
for tensor in (y_hat_t, s_t):
    tensor.retain_grad()
(s_t * s_t).backward()
by_torch = {"s": s_t, "y_hat": y_hat_t, "w": w_t, "x": x_t, "y": y_t}
table(["", "with =", "with +=", "PyTorch"],
      [[f"dL/d{name}", overwritten[name].grad, added[name].grad, by_torch[name].grad.item()] for name in by_torch])

# %% [markdown]
# Half the gradient at $s$, and therefore at $\hat y$, $w$ and $y$, and no error anywhere: only a check
# against an independent computation finds it. PyTorch adds in the same way. Within one backward pass,
# the contributions of every use of a tensor are summed; and a leaf's `.grad` is added to across backward
# passes too, which is why chapter 3 zeroed it between steps. That second kind of adding is the next
# section's subject.
#
# ## 6. A second backward pass over the same graph
#
# What does running `backprop` twice on the same graph do? Our nodes keep their parents and values for as
# long as the output lives, so the second pass runs. But the intermediate nodes still hold the first
# pass's gradients, and `+=` adds the new shares to them: $s$ holds $-8 + (-8) = -16$ and passes on all of
# it, the first pass's share included, and so does every node below it.

# %%
nodes = seed_example()
backprop(nodes["loss"])
print(f"after one backprop:  dL/dw = {nodes['w'].grad:g}")
backprop(nodes["loss"])
print(f"after a second one:  w.grad = {nodes['w'].grad:g}, s.grad = {nodes['s'].grad:g}")

# %% [markdown]
# $-64$: neither the gradient nor twice it. PyTorch does two things differently. First, it frees what
# the backward pass needs (here the value of $s$, saved by the multiplication) as soon as the pass has
# used it, so a second `backward()` through a graph whose operations saved tensors for backward (here
# $s$) is an error, unless the first one was asked to keep the graph with `retain_graph=True`. (A graph
# that saved nothing, such as that of `w + 3.0`, can be run backward twice; the last lines show it.) Second, when the graph is kept, the second pass adds
# exactly one more gradient: the leaves' `.grad` hold twice the gradient, and so does the `.grad` of an
# intermediate tensor asked to keep one with `retain_grad()`. Each pass propagates only what it computes
# itself; `.grad` is where the passes are added up.

# %%
w_t = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
s_t = w_t * 2.0 + 4.0 * -1.0
loss_t = s_t * s_t
loss_t.backward()
print("PyTorch, one backward():     w.grad =", w_t.grad.item())
show_error(lambda: loss_t.backward())

w_t = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
s_t = w_t * 2.0 + 4.0 * -1.0
s_t.retain_grad()
loss_t = s_t * s_t
loss_t.backward(retain_graph=True)
loss_t.backward()
print("PyTorch, retain_graph=True, two backward(): w.grad =", w_t.grad.item(), " s.grad =", s_t.grad.item())

w_t = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
nothing_saved = w_t + 3.0               # the derivative of + is 1: its node saves no tensor
nothing_saved.backward()
nothing_saved.backward()
print("PyTorch, w + 3.0, two backward() without retain_graph: w.grad =", w_t.grad.item())

# %% [markdown]
# To behave like PyTorch, an engine must make each pass pass on only the gradients it computes itself,
# while the leaves, which an optimizer reads, keep adding up over passes. Our `backprop` does not; the
# assignment's engine must.
#
# ## 7. Checking the engine against PyTorch
#
# PyTorch's graph has the same shape as ours: every result records in `grad_fn` the operation that made
# it, and `grad_fn.next_functions` points to the nodes of its inputs, leaves ending in `AccumulateGrad`,
# which adds into `.grad`.

# %%
x_t = torch.tensor(2.0, dtype=torch.float64)
y_t = torch.tensor(4.0, dtype=torch.float64)
w_t = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
s_t = w_t * x_t + y_t * -1.0
loss_t = s_t * s_t
loss_t.backward()
print("PyTorch: loss =", loss_t.item(), " dL/dw =", w_t.grad.item())
print("loss_t.grad_fn:", loss_t.grad_fn.name(), "->", [fn.name() for fn, _ in loss_t.grad_fn.next_functions])
print("w's node:", s_t.grad_fn.next_functions[0][0].next_functions[0][0].name())


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
# 0.01. The gradient at the start is $-120$, and $w$ reaches 2.000 (to three decimals) in ten steps.
# Each step builds a new graph from a new leaf `w_node`, so every `backprop` runs on fresh nodes:

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
# ## 8. Extending PyTorch: a custom `torch.autograd.Function`
#
# The other direction: PyTorch's engine, our operation. A `torch.autograd.Function` has two static
# methods. `forward(ctx, ...)` takes the operation's inputs and computes the result; autograd does not
# record the operations inside it, so it must keep on `ctx` what the backward pass needs, with
# `ctx.save_for_backward`. `backward(ctx, grad_output)` receives
# $\partial\,\text{final}/\partial\,\text{output}$ and returns one gradient per input of `forward`, in
# the same order: for each input, $\partial\,\text{final}/\partial\,\text{input}$, the incoming gradient
# times that input's local derivative, the very rule our `Node` applies to each parent. We call it
# through `.apply`.
#
# Our example is a logistic unit with a weight, $\sigma(wx) = 1/(1 + e^{-wx})$, elementwise in two
# tensors $x$ and $w$. The chain rule goes through the product $p = wx$:
# $\partial\sigma/\partial x = \sigma'(p)\,w$ and $\partial\sigma/\partial w = \sigma'(p)\,x$, and
# $\sigma'$ is best written with the output itself, $\sigma'(p) = \sigma(p)\,(1 - \sigma(p))$. So
# `backward` needs three tensors, both inputs and the **output**, and needs no exponential at all; what
# `forward` saves follows from how the derivative is written.

# %%
class WeightedLogistic(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w):
        out = 1 / (1 + torch.exp(-w * x))
        ctx.save_for_backward(x, w, out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        x, w, out = ctx.saved_tensors
        through_product = grad_output * out * (1 - out)      # d(final)/dp, with p = w * x
        return through_product * w, through_product * x      # one gradient per input, in forward's order


x = torch.linspace(-3, 3, 7, dtype=torch.float64, requires_grad=True)
w = torch.linspace(-1, 2, 7, dtype=torch.float64, requires_grad=True)
out = WeightedLogistic.apply(x, w)
print("grad_fn:", out.grad_fn.name())
(out * out).sum().backward()          # something after the logistic, so grad_output is not all ones
ours = x.grad.clone(), w.grad.clone()

x.grad, w.grad = None, None
(torch.sigmoid(w * x) ** 2).sum().backward()
print("largest differences from PyTorch's own sigmoid(w * x):",
      f"x.grad {(ours[0] - x.grad).abs().max().item():.1e}, w.grad {(ours[1] - w.grad).abs().max().item():.1e}")

# %% [markdown]
# `torch.autograd.gradcheck` takes the function and a tuple of its inputs, and compares the backward
# with finite differences of the forward, entry by entry of the Jacobian, for every input that requires
# grad. Its default step, `eps=1e-6`, and its default tolerances (`atol=1e-5`, `rtol=1e-3`) are built
# for float64: there a central difference with that step keeps about 10 of the 16 digits. float32
# carries about 7 digits, so a step of `1e-6` is lost in rounding and even a correct backward fails;
# with a larger step and looser tolerances (`eps=1e-3`, `atol=1e-3`, `rtol=1e-2`) float32 passes, but
# such a check also lets small mistakes through. (PyTorch warns about float32 inputs; the cell silences
# that warning.)

# %%
torch.manual_seed(0)
x64 = torch.randn(6, dtype=torch.float64, requires_grad=True)
w64 = torch.randn(6, dtype=torch.float64, requires_grad=True)
print("float64:", torch.autograd.gradcheck(WeightedLogistic.apply, (x64, w64)))
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    x32, w32 = (t.detach().float().requires_grad_(True) for t in (x64, w64))
    print("float32, defaults:", torch.autograd.gradcheck(WeightedLogistic.apply, (x32, w32), raise_exception=False))
    print("float32, eps=1e-3, atol=1e-3, rtol=1e-2:",
          torch.autograd.gradcheck(WeightedLogistic.apply, (x32, w32), eps=1e-3, atol=1e-3, rtol=1e-2,
                                   raise_exception=False))


# %% [markdown]
# It also catches the classic mistake of a custom backward: returning the local derivatives alone,
# without multiplying them by `grad_output`. Backward from a one-element output with nothing after it
# receives `grad_output` = 1, so there the mistake hides; `gradcheck` tests for it explicitly.

# %%
class WeightedLogisticForgetful(WeightedLogistic):
    @staticmethod
    def backward(ctx, grad_output):
        x, w, out = ctx.saved_tensors
        return out * (1 - out) * w, out * (1 - out) * x        # the bug: grad_output is ignored


x1 = torch.tensor([0.3], dtype=torch.float64, requires_grad=True)
w1 = torch.tensor([2.0], dtype=torch.float64, requires_grad=True)
WeightedLogisticForgetful.apply(x1, w1).backward()
s = torch.sigmoid(w1 * x1).item()
print(f"one element, nothing after it: x.grad = {x1.grad.item():.6f}, w.grad = {w1.grad.item():.6f}")
print(f"by hand, sigma'(wx) w = {s * (1 - s) * 2.0:.6f}, sigma'(wx) x = {s * (1 - s) * 0.3:.6f}")
try:
    torch.autograd.gradcheck(WeightedLogisticForgetful.apply, (x1, w1))
except GradcheckError as error:
    print("gradcheck:", str(error).strip().splitlines()[0])


# %% [markdown]
# ### `ctx.save_for_backward`, not an attribute of `ctx`
#
# `forward` could also keep its tensors as plain attributes, `ctx.x = x` and so on, and `backward` read
# them back: the numbers come out the same, until someone changes one of those tensors in place between
# the forward and the backward pass. PyTorch's documentation asks for every tensor that backward needs
# to go through `ctx.save_for_backward`, and this is why: `save_for_backward` records each tensor's
# *version* (a counter that every in-place operation increases), and `ctx.saved_tensors` checks it, so
# a tensor changed in place makes backward fail loudly instead of computing with the new values. (It
# also keeps PyTorch's memory bookkeeping right: an output stored on its own `ctx` is a reference
# cycle.) The cell below first runs both versions with nothing changed. Then the caller changes the
# output: it multiplies it by 3 in place, `out.mul_(3)`, and back-propagates `out.sum()`. With $w = 1$,
# the right gradient for $x$ is $3\,\sigma(x)(1 - \sigma(x))$:

# %%
class WeightedLogisticOnCtx(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w):
        out = 1 / (1 + torch.exp(-w * x))
        ctx.x, ctx.w, ctx.out = x, w, out      # the mistake: tensors kept as ctx attributes
        return out

    @staticmethod
    def backward(ctx, grad_output):
        through_product = grad_output * ctx.out * (1 - ctx.out)
        return through_product * ctx.w, through_product * ctx.x


def fresh_inputs():
    return (torch.tensor([0.0, 1.0], dtype=torch.float64, requires_grad=True),
            torch.ones(2, dtype=torch.float64, requires_grad=True))


x, w = fresh_inputs()
WeightedLogisticOnCtx.apply(x, w).sum().backward()
x_saved, w_saved = fresh_inputs()
WeightedLogistic.apply(x_saved, w_saved).sum().backward()
print("nothing changed in place, the same gradients:",
      torch.equal(x.grad, x_saved.grad) and torch.equal(w.grad, w_saved.grad))

sig = torch.sigmoid(torch.tensor([0.0, 1.0], dtype=torch.float64))
print(f"{'right x.grad:':<26}{3 * sig * (1 - sig)}")
for function in (WeightedLogisticOnCtx, WeightedLogistic):
    x, w = fresh_inputs()
    out = function.apply(x, w)
    out.mul_(3)                              # the caller changes the output in place
    print(f"{function.__name__ + ':':<26}", end="")
    show_error(lambda: out.sum().backward())
    if x.grad is not None:
        print(f"{'  ...and x.grad is':<26}{x.grad}")

# %% [markdown]
# With the attributes, backward used the tripled output and returned $3 \cdot 3\sigma(1 - 3\sigma)$,
# silently wrong (even its sign). With `save_for_backward`, autograd refused.
#
# The inputs are guarded the same way. Below, the input is $h = 1.0 \cdot x$, the result of an earlier
# operation, and the caller adds 1 to it in place after `forward`. The right gradients are those at the
# values `forward` saw: $\partial/\partial x = \sigma'(x)\,w$ and $\partial/\partial w = \sigma'(x)\,x$ at
# $x = (0, 1)$, $w = 1$.

# %%
print(f"{'right x.grad, w.grad:':<26}{sig * (1 - sig)}, {sig * (1 - sig) * torch.tensor([0.0, 1.0], dtype=torch.float64)}")
for function in (WeightedLogisticOnCtx, WeightedLogistic):
    x, w = fresh_inputs()
    h = x * 1.0
    out = function.apply(h, w)
    h.add_(1.0)                              # the caller changes the input in place
    print(f"{function.__name__ + ':':<26}", end="")
    show_error(lambda: out.sum().backward())
    if w.grad is not None:
        print(f"{'  ...and x.grad, w.grad:':<26}{x.grad}, {w.grad}")

h = x * 1.0                              # PyTorch's own operations check their saved tensors the same way:
y = torch.sin(h)                         # sin saves its input h for backward (its derivative is cos h)
h.add_(1.0)                              # the caller changes that input in place
print(f"{'torch.sin, input changed:':<26}", end="")
show_error(lambda: y.sum().backward())

# %% [markdown]
# With the attributes, backward read the changed input: `w.grad` came out as $\sigma'(x)\,(x + 1)$,
# silently wrong, while `x.grad`, which needs only $w$ and the output, happened to stay right. With
# `save_for_backward`, autograd refused again. PyTorch's own `sin` saves its input too, and changing
# that input in place between the two passes is an error there as well, not a wrong gradient.
#
# ## Summary
#
# - An autograd engine records, during the forward pass, each result's parents and a local rule;
#   backward starts from 1 at the output and applies the rules in reverse topological order (Kahn's
#   counting, or a reversed depth-first search), so that every value's gradient is complete before it is
#   passed on. A recursive search stops at Python's recursion limit, about 1000 levels deep.
# - A value used several times collects the sum of its contributions: `+=`. With `=` only the last
#   contribution survives, silently.
# - A recursive backward that passes gradients on at once is right on chains and wrong on shared
#   sub-expressions.
# - A second backward pass over the same graph must pass on only its own gradients: PyTorch then holds
#   twice the gradient in `.grad` (through a graph whose operations saved tensors for backward, it needs
#   `retain_graph=True` to keep them for that second pass).
# - A `torch.autograd.Function` plugs a hand-written derivative into PyTorch's engine: in `forward`,
#   save with `ctx.save_for_backward` the tensors backward needs (inputs, output, or both, as the
#   derivative is written), never as attributes of `ctx`; in `backward`, return one gradient per input,
#   each the local derivative multiplied into `grad_output`; verify with `gradcheck` in float64.
#
# **The assignment** (`release/ch07/ch07_your_own_autograd.ipynb`) asks for `Value`, the full engine
# (`+ - * / **`, numbers on either side, `tanh`, `relu`, `exp`), checked against PyTorch on random
# expressions, and for `LegendreP3`, a `torch.autograd.Function` for the Legendre polynomial $P_3$.
#
# **Stretch (ungraded).** Give `Node` a third operation, `tanh`, by adding its rule to
# `local_derivatives` (its derivative is $1 - \tanh^2$, written with the node's own value); rewrite
# `topological_order` with an explicit stack and run it on `long_sum(1500)`; then make `draw` colour the
# nodes whose gradient is 0.

# %% [markdown] navigation="footer"
# ---
#
# ← previous: [Chapter 6: Modules and devices](ch06_modules_and_devices.ipynb) · [Contents](contents.ipynb)
#
# Practise this chapter: [its assignment](../release/ch07/ch07_your_own_autograd.ipynb)
