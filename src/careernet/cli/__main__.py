"""``python -m careernet.cli``: the ``careernet`` command."""

from careernet.cli import run

run()
