"""The `citybot` command. Each area's subcommands live in their own module of this package."""

from __future__ import annotations

import importlib

import click

AREAS = ("cli.system", "cli.staff", "cli.reports", "cli.faq", "cli.segments", "cli.broadcasts")
"""Modules that each expose `commands`: a list of click commands or groups added to `citybot`."""


@click.group(help="citybot: 市の LINE 公式アカウントを動かすソフトウェア")
def main() -> None:
    """Entry point of the `citybot` console script."""


for _area in AREAS:
    for _command in importlib.import_module(_area).commands:
        main.add_command(_command)
