"""Building the course: the notebooks' headers, footers and setup cells (navigation, launch), the text
twins, a new chapter's scaffold, and ``python -m tools.build`` (this package's __main__), which makes
release/ and solutions/ from source/ and executes the walk-throughs."""
