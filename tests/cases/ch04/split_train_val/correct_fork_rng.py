"""Seeds torch's global generator inside fork_rng, which puts the global state back afterwards."""
def split_train_val(n_samples, val_fraction, seed):
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        shuffled = torch.randperm(n_samples)
    n_val = int(val_fraction * n_samples)
    return shuffled[n_val:], shuffled[:n_val]
