"""Lets torch.utils.data.random_split make the split, as the walk-through did, instead of drawing it."""
# diagnosis: ran torch.utils.data.random_split
def split_train_val(n_samples, val_fraction, seed):
    from torch.utils.data import random_split
    n_val = int(val_fraction * n_samples)
    train, val = random_split(range(n_samples), [n_samples - n_val, n_val],
                              generator=torch.Generator().manual_seed(seed))
    return torch.tensor(train.indices, dtype=torch.int64), torch.tensor(val.indices, dtype=torch.int64)
