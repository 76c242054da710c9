"""The course's own machinery, in two packages: tools.build (the notebooks, release/ and solutions/ built
from source/) and tools.grading (grading a class with nbgrader). chapters.py, paths.py and cells.py are
what both read: the chapter registry, where files live, and how a cell's nbgrader metadata is read.

Nothing here is needed by students; instructors and the tests use it.
"""
