"""Contract suites for plugin authors.

Install with ``pip install careernet[testing]`` (it needs pytest and
hypothesis), subclass a contract in your own tests and override its one
factory method. careernet's builtin backends run the same suites.
"""

from careernet.testing.storage import StorageContract

__all__ = ["StorageContract"]
