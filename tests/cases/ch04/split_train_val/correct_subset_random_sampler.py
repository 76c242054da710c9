"""Draws the permutation with SubsetRandomSampler and a seeded generator of its own, then cuts it."""
from torch.utils.data import SubsetRandomSampler


def split_train_val(n_samples, val_fraction, seed):
    sampler = SubsetRandomSampler(range(n_samples), generator=torch.Generator().manual_seed(seed))
    order = torch.tensor(list(sampler), dtype=torch.int64)
    n_val = int(val_fraction * n_samples)
    return order[n_val:], order[:n_val]
