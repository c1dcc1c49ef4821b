"""Entry point: `python -m linesim --port 8765 --channel-secret S --access-token T --webhook-url URL --limits fast`."""

from __future__ import annotations

import os
import sys

from linesim.settings import parse_settings


def main(argv: list[str] | None = None) -> None:
    settings = parse_settings(argv, os.environ)
    from linesim.app import run  # the SDK models take a moment to import: not before the flags are checked

    run(settings)


if __name__ == "__main__":
    main(sys.argv[1:])
