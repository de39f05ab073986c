"""``python -m careernet``: the ``careernet`` command."""

from careernet.cli import run

run()
