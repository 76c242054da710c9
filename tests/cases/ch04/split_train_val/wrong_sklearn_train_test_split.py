"""Lets scikit-learn's train_test_split make the draw and the cut."""
# diagnosis: scikit-learn's train_test_split
from sklearn.model_selection import train_test_split


def split_train_val(n_samples, val_fraction, seed):
    n_val = int(val_fraction * n_samples)
    idx = list(range(n_samples))
    if n_val == 0:
        return torch.tensor(idx, dtype=torch.int64), torch.tensor([], dtype=torch.int64)
    if n_val == n_samples:
        return torch.tensor([], dtype=torch.int64), torch.tensor(idx, dtype=torch.int64)
    train, val = train_test_split(idx, test_size=n_val, random_state=seed % 2 ** 32)
    return torch.tensor(train, dtype=torch.int64), torch.tensor(val, dtype=torch.int64)
