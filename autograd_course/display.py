"""Small helpers the walk-throughs share for showing things."""


def show_error(action):
    """Run ``action()`` and print the exception it raises (its type and message, up to any ". Hint:" that
    PyTorch appends) instead of stopping the notebook; print "no error" when it raises none."""
    try:
        action()
    except Exception as err:  # noqa: BLE001 - the error is what the calling cell is about
        print(f"{type(err).__name__}: {str(err).split('. Hint:')[0]}")
    else:
        print("no error")
