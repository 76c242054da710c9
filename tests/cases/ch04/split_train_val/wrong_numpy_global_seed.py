"""Seeds NumPy's global generator and draws a permutation from it."""
# diagnosis: changed NumPy's global random state
def split_train_val(n_samples, val_fraction, seed):
    np.random.seed(seed)
    shuffled = torch.from_numpy(np.random.permutation(n_samples))
    n_val = int(val_fraction * n_samples)
    return shuffled[n_val:], shuffled[:n_val]
