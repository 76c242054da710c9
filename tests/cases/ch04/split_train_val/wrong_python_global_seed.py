"""Seeds and shuffles with Python's global random generator, which changes it for the whole notebook."""
# diagnosis: changed Python's global random state
import random


def split_train_val(n_samples, val_fraction, seed):
    random.seed(seed)
    idx = list(range(n_samples))
    random.shuffle(idx)
    n_val = int(val_fraction * n_samples)
    return torch.tensor(idx[n_val:], dtype=torch.int64), torch.tensor(idx[:n_val], dtype=torch.int64)
