"""Helpers shared by the notebooks of *Autograd, from NumPy to PyTorch*.

* ``autograd_course.data``: the small data sets the chapters use, generated exactly as published.
* ``autograd_course.checks``: the checks behind the graded test cells.
"""

__version__ = "0.1.0"
