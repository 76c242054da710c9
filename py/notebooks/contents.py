# %% [markdown] navigation="header"
# **Autograd, from NumPy to PyTorch** · Contents
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/autograd-course/autograd-from-numpy-to-pytorch/blob/main/notebooks/contents.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/autograd-course/autograd-from-numpy-to-pytorch/main?urlpath=lab/tree/notebooks/contents.ipynb)

# %% [markdown]
# # Contents
#
# How gradients are computed: first by hand in NumPy, then with PyTorch's autograd, and how optimizers use
# them. Each chapter has three notebooks:
#
# - the **walk-through** (in `notebooks/`): read it and run its cells; it teaches the chapter's ideas on
#   its own examples;
# - the **assignment** (the student version, in `release/`): exercises on other examples, each with a test
#   cell that checks your answer and says what is wrong when it is;
# - the **solution** (in `solutions/`): the reference answers, executed. Open it after you have tried.
#
# The chapters build on each other: take them in order.

# %% [markdown] navigation="chapters"
# - **Chapter 1: Gradients by hand (NumPy)** — [walk-through](ch01_gradients_by_hand.ipynb) · [assignment](../release/ch01/ch01_gradients_by_hand.ipynb) · [solution](../solutions/ch01/ch01_gradients_by_hand.ipynb)
# - **Chapter 2: Autograd (`requires_grad`, `backward`, `.grad`)** — [walk-through](ch02_autograd_basics.ipynb) · [assignment](../release/ch02/ch02_autograd_basics.ipynb) · [solution](../solutions/ch02/ch02_autograd_basics.ipynb)
# - **Chapter 3: Accumulation and switching tracking off** — [walk-through](ch03_accumulation_and_no_grad.ipynb) · [assignment](../release/ch03/ch03_accumulation_and_no_grad.ipynb) · [solution](../solutions/ch03/ch03_accumulation_and_no_grad.ipynb)
# - **Chapter 4: A training loop by hand** — [walk-through](ch04_training_loop.ipynb) · [assignment](../release/ch04/ch04_training_loop.ipynb) · [solution](../solutions/ch04/ch04_training_loop.ipynb)
# - **Chapter 5: Optimizers (SGD and Adam)** — [walk-through](ch05_optimizers.ipynb) · [assignment](../release/ch05/ch05_optimizers.ipynb) · [solution](../solutions/ch05/ch05_optimizers.ipynb)
# - **Chapter 6: Modules and devices** — [walk-through](ch06_modules_and_devices.ipynb) · [assignment](../release/ch06/ch06_modules_and_devices.ipynb) · [solution](../solutions/ch06/ch06_modules_and_devices.ipynb)
# - **Chapter 7: Your own autograd** — [walk-through](ch07_your_own_autograd.ipynb) · [assignment](../release/ch07/ch07_your_own_autograd.ipynb) · [solution](../solutions/ch07/ch07_your_own_autograd.ipynb)

# %% [markdown] navigation="footer"
# ---
#
# Start with [Chapter 1: Gradients by hand (NumPy)](ch01_gradients_by_hand.ipynb) →
