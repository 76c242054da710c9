"""The course's chapters, in order: the one list that the navigation (headers, footers, the contents
page), the grading command, README's chapter table and DESIGN's syllabus read.

A chapter's line gives its assignment id (``source/chNN/``, ``release/chNN/``, ``solutions/chNN/``), its
topic (the notebooks are ``notebooks/chNN_<topic>.ipynb`` and ``source/chNN/chNN_<topic>.ipynb``), its
title (Markdown) and a one-line summary of what it teaches (DESIGN's syllabus). Adding a chapter is one
line here plus the chapter's own files: ``python -m tools.build.new_chapter`` writes both, and ``make build``
(``python -m tools.build.navigation``) rewrites what depends on the list.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Chapter:
    id: str
    topic: str
    title: str
    summary: str

    @property
    def number(self):
        return int(self.id[2:])

    @property
    def notebook(self):
        """The file name of both the walk-through and the assignment."""
        return f"{self.id}_{self.topic}.ipynb"


CHAPTERS = (
    Chapter("ch01", "gradients_by_hand", "Gradients by hand (NumPy)", "the forward pass, the loss, local gradients and the chain rule on a one-weight network; gradient descent on a line, checked against scikit-learn; central differences as a gradient check."),
    Chapter("ch02", "autograd_basics", "Autograd (`requires_grad`, `backward`, `.grad`)", "leaves and `grad_fn`, `backward` and `.grad`, `torch.autograd.grad`, graphs drawn with torchviz, the book's thermometer gradient."),
    Chapter("ch03", "accumulation_and_no_grad", "Accumulation and switching tracking off", "gradients that add up, zeroing, micro-batches, `retain_graph`, `no_grad`, `inference_mode`, `detach`, freezing, the in-place and re-assignment traps."),
    Chapter("ch04", "training_loop", "A training loop by hand", "the thermometer model, divergence and normalisation with the loss surface on raw, scaled and standardised inputs, the book's numbers reproduced, a train/validation split and what overfitting looks like."),
    Chapter("ch05", "optimizers", "Optimizers (SGD and Adam)", "`torch.optim` and the four-step loop, shuffled mini-batches, momentum and Adam written out with the optimizer's state, learning-rate schedules, weight decay against AdamW, SGD against Adam on the thermometer and on Rosenbrock's valley; learners write SGD with momentum and Adam themselves and find Himmelblau's four minima."),
    Chapter("ch06", "modules_and_devices", "Modules and devices", "`nn.Module`, `nn.Parameter` (frozen ones too), buffers, `state_dict`, training and evaluation modes, a reusable train step, moving work to a GPU when there is one."),
    Chapter("ch07", "your_own_autograd", "Your own autograd", "a small reverse-mode engine of one's own (topological order, accumulation, a second backward), checked against PyTorch, and a custom `torch.autograd.Function` with `save_for_backward`, checked with `gradcheck`."),
)

BY_ID = {chapter.id: chapter for chapter in CHAPTERS}


def get(chapter_id):
    """The chapter ``chapter_id``; a KeyError that says where chapters are listed otherwise."""
    if chapter_id not in BY_ID:
        raise KeyError(f"{chapter_id} is not a chapter of the course: chapters are listed in tools/chapters.py "
                       f"({', '.join(BY_ID)})")
    return BY_ID[chapter_id]
