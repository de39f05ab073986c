"""Contract suites and test doubles for plugin authors.

Install with ``pip install careernet[testing]`` (it needs pytest and
hypothesis), subclass a contract in your own tests and override its factory
methods. careernet's builtin plugins run the same suites.

- :class:`StorageContract`: for storage backends.
- :class:`NotifierContract`: for notifiers; :class:`RecordingNotifier` is a
  real notifier plugin that keeps what it was given.
"""

import pytest

# Plain asserts in the suites then explain their failures in a backend's tests.
pytest.register_assert_rewrite("careernet.testing.notify", "careernet.testing.storage")

from careernet.testing.notify import NotifierContract, RecordingNotifier  # noqa: E402
from careernet.testing.storage import StorageContract  # noqa: E402

__all__ = ["NotifierContract", "RecordingNotifier", "StorageContract"]
