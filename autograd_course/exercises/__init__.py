"""The visible tests of each chapter's assignment, one module per chapter (``ch01``, ``ch02``, ...).

A test cell in an assignment reads as a few calls, e.g. ``ch01.check_mse_loss(mse_loss)`` then
``checks.passed("mse_loss")``; the inputs, expected values and the diagnoses of classic mistakes
live here, built on ``autograd_course.checks``. Hidden tests stay in the assignment's source.
"""
