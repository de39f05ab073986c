"""The e-mail notifier: one digest per run, over SMTP.

The builtin ``email`` channel reads its server from the environment, so no
credentials live in code or in the network's data:

==============================  ============================================
``CAREERNET_SMTP_HOST``         the server (required to send)
``CAREERNET_SMTP_PORT``         default 25, 587 or 465 by security
``CAREERNET_SMTP_SECURITY``     ``starttls`` (default), ``ssl`` or ``plain``
``CAREERNET_SMTP_USER``         log in as this user, if set
``CAREERNET_SMTP_PASSWORD``     with this password
``CAREERNET_SMTP_FROM``         the sender address (required)
``CAREERNET_SMTP_TIMEOUT``      seconds, default 30
==============================  ============================================

The recipient is the channel's ``address``. Each message has a plain-text
part and an HTML part, and a ``Message-ID`` derived from the digest's id, so a
digest sent again after a crash can be recognised as the same. A neutral
digest (the discreet strategy on a channel that is not private) carries no
``X-Careernet-Digest`` header and no footer naming careernet.

For another server or channel name, register an :class:`EmailNotifier` of
your own: ``careernet.open(..., plugins=[EmailNotifier(settings, channel="work")])``.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Final, Literal

import attrs

from careernet._markers import hookimpl
from careernet.errors import NotifyConfigError
from careernet.notify.digest import Digest

__all__ = ["CHANNEL", "EmailNotifier", "NotifyConfigError", "SmtpSettings"]

CHANNEL: Final = "email"
Security = Literal["plain", "starttls", "ssl"]
_PORTS: Final[dict[str, int]] = {"plain": 25, "starttls": 587, "ssl": 465}


@attrs.frozen(kw_only=True)
class SmtpSettings:
    """How to reach the SMTP server.

    Attributes:
        host: The server's name or address.
        sender: The ``From`` address.
        port: The port; by default 25, 587 or 465 for plain, STARTTLS, SSL.
        security: ``"starttls"``, ``"ssl"`` or ``"plain"``.
        username: Log in as this user, if given.
        password: The password (never shown in ``repr``).
        timeout: Seconds to wait for the server.
        ssl_context: TLS settings; the system's defaults if not given.
    """

    host: str
    sender: str
    port: int | None = attrs.field(default=None)
    security: Security = attrs.field(default="starttls")
    username: str | None = None
    password: str | None = attrs.field(default=None, repr=False)
    timeout: float = 30.0
    ssl_context: ssl.SSLContext | None = attrs.field(default=None, repr=False, eq=False)

    @port.validator
    def _port_in_range(self, attribute: object, value: int | None) -> None:
        if value is not None and not 1 <= value <= 65535:
            raise NotifyConfigError(
                f"SMTP port {value} is out of range; use a port from 1 to 65535."
            )

    @security.validator
    def _known_security(self, attribute: object, value: str) -> None:
        if value not in _PORTS:
            raise NotifyConfigError(
                f"SMTP security {value!r} is not one of {', '.join(_PORTS)}."
            )

    @property
    def effective_port(self) -> int:
        """The port to connect to."""
        return self.port or _PORTS[self.security]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SmtpSettings | None:
        """Settings from ``CAREERNET_SMTP_*`` variables; ``None`` without a host."""
        env = os.environ if environ is None else environ
        host = env.get("CAREERNET_SMTP_HOST", "").strip()
        if not host:
            return None
        sender = env.get("CAREERNET_SMTP_FROM", "").strip()
        if not sender:
            raise NotifyConfigError(
                "CAREERNET_SMTP_HOST is set but CAREERNET_SMTP_FROM is not; set it "
                "to the address digests come from."
            )
        security = env.get("CAREERNET_SMTP_SECURITY", "starttls").strip().lower()
        if security not in _PORTS:
            raise NotifyConfigError(
                f"CAREERNET_SMTP_SECURITY={security!r} is not one of "
                f"{', '.join(_PORTS)}."
            )
        try:
            port = (
                int(env["CAREERNET_SMTP_PORT"])
                if env.get("CAREERNET_SMTP_PORT")
                else None
            )
            timeout = float(env.get("CAREERNET_SMTP_TIMEOUT", "30"))
        except ValueError as error:
            raise NotifyConfigError(
                "CAREERNET_SMTP_PORT and CAREERNET_SMTP_TIMEOUT must be numbers "
                f"({error})."
            ) from error
        if port is not None and not 1 <= port <= 65535:
            raise NotifyConfigError(
                f"CAREERNET_SMTP_PORT={port} is out of range; use a port from 1 "
                "to 65535."
            )
        return cls(
            host=host,
            sender=sender,
            port=port,
            security=security,  # type: ignore[arg-type]
            username=env.get("CAREERNET_SMTP_USER") or None,
            password=env.get("CAREERNET_SMTP_PASSWORD") or None,
            timeout=timeout,
        )


class EmailNotifier:
    """A notifier plugin that e-mails digests through one SMTP server.

    Args:
        settings: The server; ``None`` reads ``CAREERNET_SMTP_*`` at each send.
        channel: The channel name it answers to. The builtin notifier answers
            to ``"email"``; give yours another name, or both will send.
    """

    def __init__(self, settings: SmtpSettings | None = None, *, channel: str) -> None:
        self.settings = settings
        self.channel = channel

    def __repr__(self) -> str:
        return f"EmailNotifier(channel={self.channel!r}, settings={self.settings!r})"

    @hookimpl
    def careernet_notify(self, digest: Digest) -> bool | None:
        """Send the digest if it is for this notifier's channel."""
        if digest.channel.name != self.channel:
            return None
        self.send(digest)
        return True

    def message(self, digest: Digest, settings: SmtpSettings) -> EmailMessage:
        """The e-mail for a digest."""
        if not digest.channel.address:
            raise NotifyConfigError(
                f"The {digest.channel.name!r} channel has no address; set the "
                "e-mail address to send digests to in the notification preferences."
            )
        message = EmailMessage()
        message["From"] = settings.sender
        message["To"] = digest.channel.address
        message["Subject"] = digest.subject
        message["Date"] = format_datetime(digest.now)
        address = parseaddr(settings.sender)[1]
        names_product = digest.wording.names_product
        fallback = "careernet.invalid" if names_product else "localhost.invalid"
        domain = address.rpartition("@")[2] if "@" in address else fallback
        message["Message-ID"] = f"<{digest.id}@{domain}>"
        if names_product:  # a neutral digest's headers do not name careernet
            message["X-Careernet-Digest"] = digest.id
        message.set_content(digest.text())
        message.add_alternative(digest.html(), subtype="html")
        return message

    def send(self, digest: Digest) -> None:
        """Send the digest; errors from the server propagate."""
        import smtplib  # noqa: PLC0415 - only when mail is really sent

        settings = self.settings or SmtpSettings.from_env()
        if settings is None:
            raise NotifyConfigError(
                "E-mail is not configured: set CAREERNET_SMTP_HOST and "
                "CAREERNET_SMTP_FROM (see careernet.notify.smtp)."
            )
        message = self.message(digest, settings)
        context = settings.ssl_context or ssl.create_default_context()
        client: smtplib.SMTP
        if settings.security == "ssl":
            client = smtplib.SMTP_SSL(
                settings.host,
                settings.effective_port,
                timeout=settings.timeout,
                context=context,
            )
        else:
            client = smtplib.SMTP(
                settings.host, settings.effective_port, timeout=settings.timeout
            )
        with client:
            if settings.security == "starttls":
                client.starttls(context=context)
            if settings.username:
                client.login(settings.username, settings.password or "")
            client.send_message(message)


_DEFAULT = EmailNotifier(channel=CHANNEL)


@hookimpl
def careernet_notify(digest: Digest) -> bool | None:
    """The builtin ``email`` channel, configured from the environment."""
    return _DEFAULT.careernet_notify(digest)


@hookimpl
def careernet_channels() -> list[str]:
    """The channel this notifier delivers to."""
    return [CHANNEL]
