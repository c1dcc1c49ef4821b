"""`python -m cli`: the same as the `citybot` console script (used by `citybot run` for its children)."""

from cli import main

main()
