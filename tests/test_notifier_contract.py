"""The builtin notifiers and the recording notifier pass the notifier contract."""

from __future__ import annotations

import logging

import pytest

from careernet.notify import log as log_notifier
from careernet.testing import NotifierContract, RecordingNotifier


class TestRecordingNotifier(NotifierContract):
    channel = "recording"

    def make_notifier(self) -> object:
        return RecordingNotifier(self.channel)

    def delivered(self, notifier: object) -> list[str]:
        assert isinstance(notifier, RecordingNotifier)
        return [digest.text() for digest in notifier.digests]


class TestLogNotifier(NotifierContract):
    channel = log_notifier.CHANNEL

    @pytest.fixture(autouse=True)
    def _capture(self, caplog: pytest.LogCaptureFixture) -> None:
        caplog.set_level(logging.INFO, logger="careernet.notify")
        self.caplog = caplog

    def make_notifier(self) -> object:
        return log_notifier

    def delivered(self, notifier: object) -> list[str]:
        return [
            record.getMessage()
            for record in self.caplog.records
            if record.name == "careernet.notify"
        ]


def test_the_contract_needs_its_factories() -> None:
    with pytest.raises(NotImplementedError, match="make_notifier"):
        NotifierContract().make_notifier()
    with pytest.raises(NotImplementedError, match="delivered"):
        NotifierContract().delivered(object())
