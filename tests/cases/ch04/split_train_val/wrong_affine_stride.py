"""Steps through the indices with a stride coprime to n_samples, from an offset set by the seed."""
# diagnosis: a fixed pattern moved by the seed
import math


def split_train_val(n_samples, val_fraction, seed):
    stride = 7
    while math.gcd(stride, n_samples) != 1:
        stride += 2
    order = (torch.arange(n_samples) * stride + 3 * seed + 1) % n_samples
    n_val = int(val_fraction * n_samples)
    return order[n_val:], order[:n_val]
