"""The exceptions careernet raises.

Every error careernet raises on purpose is a :class:`CareerNetError`, so an
application can catch one class. The subclasses say what kind of thing went
wrong; each message says what was wrong and what to do about it. Where a
standard exception means the same thing, the error is one of those too
(an unknown id is a :class:`LookupError`, a missing file a
:class:`FileNotFoundError`), so code that knows nothing of careernet still
catches it.

The whole tree::

    CareerNetError
    ├── InvalidValueError (ValueError)
    │   ├── NaiveDatetimeError
    │   ├── AmbiguousNameError
    │   ├── IncompleteGoalError
    │   └── ImportFileError
    ├── UnknownIdError (LookupError)
    ├── DuplicateIdError (ValueError)
    ├── TransitionError
    ├── ExcludedContactError
    ├── UnknownScenarioError (LookupError)
    ├── StorageError
    │   ├── ConflictError
    │   │   └── NetworkReplacedError
    │   ├── CorruptStoreError
    │   ├── SchemaVersionError
    │   ├── UnknownNetworkError (LookupError)
    │   ├── NetworkExistsError
    │   ├── ReadOnlyStoreError
    │   ├── StoreBusyError
    │   └── CommitUnknownError
    ├── UnknownLocationError (ValueError)
    ├── PluginError
    ├── NotifyConfigError
    ├── MissingDependencyError (ImportError)
    ├── FileReadError (OSError)
    │   └── MissingFileError (FileNotFoundError)
    ├── FileWriteError (OSError)
    ├── ListenError (OSError)
    ├── MailError
    │   ├── MailFolderError (OSError)
    │   ├── MailAccountError (ValueError)
    │   └── MailServerError (OSError)
    └── CalendarSyncError (OSError)

The pure core raises :class:`InvalidValueError`,
:class:`NaiveDatetimeError`, :class:`IncompleteGoalError`, :class:`UnknownIdError`,
:class:`DuplicateIdError`, :class:`TransitionError`,
:class:`ExcludedContactError` and :class:`UnknownScenarioError`; these (and
:class:`CareerNetError`) are also importable from
:mod:`careernet.domain.errors`. This module imports nothing from careernet,
so every part of careernet, the pure core included, can raise its errors.
"""

from __future__ import annotations

__all__ = [
    "AmbiguousNameError",
    "CalendarSyncError",
    "CareerNetError",
    "CommitUnknownError",
    "ConflictError",
    "CorruptStoreError",
    "DuplicateIdError",
    "ExcludedContactError",
    "FileReadError",
    "FileWriteError",
    "ImportFileError",
    "IncompleteGoalError",
    "InvalidValueError",
    "ListenError",
    "MailAccountError",
    "MailError",
    "MailFolderError",
    "MailServerError",
    "MissingDependencyError",
    "MissingFileError",
    "NaiveDatetimeError",
    "NetworkExistsError",
    "NetworkReplacedError",
    "NotifyConfigError",
    "PluginError",
    "ReadOnlyStoreError",
    "SchemaVersionError",
    "StorageError",
    "StoreBusyError",
    "TransitionError",
    "UnknownIdError",
    "UnknownLocationError",
    "UnknownNetworkError",
    "UnknownScenarioError",
]


class CareerNetError(Exception):
    """Base class of every error careernet raises on purpose."""


# -- the domain's errors -----------------------------------------------------------


class InvalidValueError(CareerNetError, ValueError):
    """A value was refused: an empty name, a negative duration, a bad choice."""


class NaiveDatetimeError(InvalidValueError):
    """A datetime without a time zone was given where an aware one is needed."""


class IncompleteGoalError(InvalidValueError):
    """A goal lacks a fact it needs to protect or find anyone: a confidential
    search without the current employer, an internal move without the
    company, a career change without fields. The message says what to add.

    Attributes:
        codes: The stable short names of what is missing, such as
            ``"no-employer"``.
    """

    def __init__(self, message: str, *, codes: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.codes = codes


class UnknownIdError(CareerNetError, LookupError):
    """An id names no record of the expected kind in this network.

    Attributes:
        kind: The kind of record looked for, like ``"contact"``.
        record_id: The id (or, where a name may stand for one, the name).
    """

    def __init__(
        self, kind: str, record_id: str, *, message: str | None = None
    ) -> None:
        self.kind = kind
        self.record_id = record_id
        super().__init__(
            message
            or (
                f"No {kind} with id {record_id!r} in this network. "
                f"Check the id, or add the {kind} first."
            )
        )


class DuplicateIdError(CareerNetError, ValueError):
    """A new record reuses the id of one that already exists."""

    def __init__(self, kind: str, record_id: str) -> None:
        self.kind = kind
        self.record_id = record_id
        super().__init__(
            f"A {kind} with id {record_id!r} already exists. "
            "Give the new record an id of its own."
        )


class TransitionError(CareerNetError):
    """A ring move was refused: a jump, a move to the same ring, or no evidence.

    Attributes:
        reason: Why, without advice on how to move anyway.
        overridable: Whether a stated reason (an override) would allow the
            move; the message then says how to pass one from Python.
    """

    def __init__(self, reason: str, *, overridable: bool = False) -> None:
        hint = " To move anyway, pass override='<why>'." if overridable else ""
        super().__init__(reason + hint)
        self.reason = reason
        self.overridable = overridable


class ExcludedContactError(CareerNetError):
    """The active strategy keeps this contact out of the search."""


class UnknownScenarioError(CareerNetError, LookupError):
    """No strategy is registered for the scenario."""


# -- storage -----------------------------------------------------------------------


class StorageError(CareerNetError):
    """Storage could not do what was asked; nothing was written."""


class ConflictError(StorageError):
    """Someone else committed to the network since this view was loaded.

    Nothing was written. Refresh and run the command again; see
    :func:`careernet.retry_on_conflict`.
    """

    def __init__(self, network_id: str, expected: int, actual: int) -> None:
        self.network_id = network_id
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"Network {network_id!r} is at version {actual}, but this change was "
            f"made against version {expected}: someone else committed first. "
            "Nothing was written; call refresh() and run the command again "
            "(careernet.retry_on_conflict does this for you)."
        )


class NetworkReplacedError(ConflictError):
    """The network was deleted and created anew (or restored) since this view
    was loaded: it is another network under the same id.

    Nothing was written. :meth:`careernet.Network.refresh` reloads the view
    from the new network (so :func:`careernet.retry_on_conflict` runs the
    command again against it, where it may then be refused because, say, the
    contact it names is gone).

    Attributes:
        incarnation: The incarnation the view was loaded from.
        current: The network's incarnation now.
    """

    def __init__(
        self, network_id: str, expected: int, actual: int, *, incarnation: str = ""
    ) -> None:
        super().__init__(network_id, expected, actual)
        self.incarnation = incarnation
        message = (
            f"Network {network_id!r} was deleted and created again (or restored "
            "from a backup) since this view was loaded. Nothing was written; call "
            "refresh() to load the new network and decide again."
        )
        self.args = (message,)


class ReadOnlyStoreError(StorageError):
    """The store can be read but not written: read-only media, a read-only
    folder or file, or a database opened for reading. Nothing was written."""


class StoreBusyError(StorageError):
    """Another process held the store's write lock for longer than the
    timeout. Nothing was written; try again in a moment."""


class CommitUnknownError(StorageError):
    """The connection was lost while the database was committing: the change
    may or may not have been written. Reload and check before retrying."""


class CorruptStoreError(StorageError):
    """The store's file or data is damaged or not a careernet store."""


class SchemaVersionError(StorageError):
    """The store was written by a newer careernet than this one."""


class UnknownNetworkError(StorageError, LookupError):
    """No network with this id exists in the store.

    The message names only the id asked for: never the other networks in the
    store (their ids may be seekers' e-mail addresses) nor where the store is.
    Build it with :meth:`for_id`, which every builtin backend uses.
    """

    @classmethod
    def for_id(cls, network_id: str) -> UnknownNetworkError:
        """The error for ``network_id``, worded the same by every backend."""
        return cls(
            f"No network called {network_id!r} in this store. Check the id, or "
            "create the network first (Store.create, or careernet.open with "
            "seeker=...)."
        )


class NetworkExistsError(StorageError):
    """A network with this id already exists in the store."""


class UnknownLocationError(CareerNetError, ValueError):
    """No storage plugin handles this location."""


# -- plugins and notifiers --------------------------------------------------------


class PluginError(CareerNetError):
    """A plugin is broken: a misspelled hook, a failing import."""


class NotifyConfigError(CareerNetError):
    """A notifier is missing configuration it needs."""


# -- the command line, input files and the environment ----------------------------


class AmbiguousNameError(InvalidValueError):
    """A name meant to pick out one record matches several."""


class ImportFileError(InvalidValueError):
    """A file to import cannot be read as what it claims to be: a quote that
    is never closed, a cell or a line too long to be one, bytes that are not
    text, no header or no card where one belongs. Nothing was imported.

    The message names the file (when known) and the line, and says what to
    do; ``str(error)`` is one line.

    Attributes:
        path: The file, as it was given (``None`` for an open file without a
            name).
        line: The line the trouble starts on (``None`` when it concerns the
            whole file).
    """

    def __init__(
        self, message: str, *, path: str | None = None, line: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        text = " ".join(self.message.split())
        return f"{self.path}: {text}" if self.path else text

    def located(self, path: str | None) -> ImportFileError:
        """This error naming ``path`` (when it names no file yet)."""
        if self.path is None and path:
            self.path = path
        return self


class MissingDependencyError(CareerNetError, ImportError):
    """A feature needs a package that is not installed.

    The message names the extra that installs it, like
    ``pip install 'careernet[vcard]'``.

    Attributes:
        name: The missing module, as on any :class:`ImportError`.
        extra: careernet's extra that installs it.
    """

    def __init__(self, feature: str, module: str, *, extra: str) -> None:
        self.extra = extra
        super().__init__(
            f"{feature} needs {module}: pip install 'careernet[{extra}]'.",
            name=module,
        )


class FileReadError(CareerNetError, OSError):
    """An input file could not be read: it is a directory, or not allowed.

    ``errno``, ``strerror`` and ``filename`` are those of the operating
    system's error.
    """

    def __init__(self, errno: int | None, strerror: str, filename: str) -> None:
        super().__init__(errno, strerror, filename)

    def __str__(self) -> str:
        return f"Cannot read {self.filename}: {self.strerror}."


class MissingFileError(FileReadError, FileNotFoundError):
    """An input file does not exist."""


class FileWriteError(CareerNetError, OSError):
    """A file careernet was asked to write could not be written (a full disk,
    a missing folder, no permission). An earlier file at the path is left as
    it was.

    ``errno``, ``strerror`` and ``filename`` are those of the operating
    system's error.
    """

    def __init__(self, errno: int | None, strerror: str, filename: str) -> None:
        super().__init__(errno, strerror, filename)

    def __str__(self) -> str:
        return (
            f"Cannot write {self.filename}: {self.strerror}. Any earlier file there "
            "was left as it was."
        )


class ListenError(CareerNetError, OSError):
    """A server could not listen on the address asked for."""


# -- mail --------------------------------------------------------------------------


class MailError(CareerNetError):
    """Mail headers could not be read; nothing was recorded."""


class MailFolderError(MailError, OSError):
    """A path is not a mail folder careernet reads (a Maildir or an mbox file),
    or it cannot be read.

    ``errno``, ``strerror`` and ``filename`` are set as on any OSError.
    """

    def __init__(self, errno: int | None, strerror: str, filename: str) -> None:
        super().__init__(errno, strerror, filename)

    def __str__(self) -> str:
        return f"Cannot read mail from {self.filename}: {self.strerror}."


class MailAccountError(MailError, ValueError):
    """A mail account is described wrongly: a bad address, a password in it,
    or no password to be found."""


class MailServerError(MailError, OSError):
    """The mail server could not be reached, refused to log in, or went away
    while headers were read."""


class CalendarSyncError(CareerNetError, OSError):
    """A calendar server could not be reached, refused the login, or answered
    in a way careernet cannot use; nothing of the network was changed."""
