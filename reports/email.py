"""Build the report email, send it over SMTP, or write it to an outbox folder as an .eml file."""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from reports.charts import Chart

log = logging.getLogger(__name__)

SECURITY_MODES = ("none", "starttls", "ssl")


class EmailDeliveryError(Exception):
    """The message could not be delivered: a permanent refusal, or transient failures on every
    attempt. `code` and `reply` are the server's last answer (None when it never answered, e.g. the
    connection was refused).
    """

    def __init__(self, message: str, *, host: str, port: int, code: int | None = None,
                 reply: str | None = None, permanent: bool = False, attempts: int = 1) -> None:
        super().__init__(message)
        self.host = host
        self.port = port
        self.code = code
        self.reply = reply
        self.permanent = permanent
        self.attempts = attempts


def new_message_id(sender: str) -> str:
    """A fresh Message-ID in the sender's domain."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    return make_msgid(idstring="media-analytics", domain=domain)


def build_message(subject: str, html: str, text: str, charts: Sequence[Chart], sender: str,
                  recipients: Sequence[str], *, sent_at: datetime | None = None,
                  message_id: str | None = None) -> EmailMessage:
    """Return a multipart/alternative message: the text part, then a multipart/related part holding
    the HTML and each chart as an inline PNG whose Content-ID matches the HTML's `cid:` reference.

    `sent_at` sets the Date header (default: now); `message_id` the Message-ID (default: a new one
    in the sender's domain; a retry passes the one it recorded before the first try).
    """
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(sent_at or datetime.now().astimezone())
    message["Message-ID"] = message_id or new_message_id(sender)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    html_part = message.get_payload()[1]
    for chart in charts:
        html_part.add_related(chart.png, maintype="image", subtype="png", cid=f"<{chart.cid}>",
                              disposition="inline", filename=chart.filename)
    if charts:
        html_part.set_param("type", "text/html")  # RFC 2387: the root part's type
    return message


def send_smtp(message: EmailMessage, host: str, port: int, security: str = "starttls",
              user: str | None = None, password: str | None = None, timeout: float = 30.0, *,
              attempts: int = 3, backoff_seconds: float = 2.0,
              ssl_context: ssl.SSLContext | None = None) -> dict[str, tuple[int, bytes]]:
    """Send `message` to the recipients in its To/Cc headers; return the refused ones (usually {}).

    `security` is none | starttls | ssl; login happens only when `user` is given. Connection errors,
    timeouts and 4xx replies are retried up to `attempts` times in all, waiting `backoff_seconds`,
    then twice that, and so on. A 5xx reply, a TLS failure or exhausted retries raise
    EmailDeliveryError naming the host, port and the server's reply.
    """
    if security not in SECURITY_MODES:
        modes = ", ".join(SECURITY_MODES)
        raise ValueError(f"SMTP security must be one of {modes}, not {security!r}")
    if attempts < 1:
        raise ValueError(f"attempts must be at least 1, not {attempts}")
    for attempt in range(1, attempts + 1):
        try:
            refused = _send_once(message, host, port, security, user, password, timeout,
                                 ssl_context)
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = _worst_refusal(exc.recipients)
            failure = _Failure(code, reply, 400 <= code < 500, exc)
        except smtplib.SMTPResponseException as exc:
            code = exc.smtp_code
            failure = _Failure(code, _decode(exc.smtp_error), not 500 <= code < 600, exc)
        except ssl.SSLError as exc:
            failure = _Failure(None, f"TLS error: {exc}", False, exc)
        except smtplib.SMTPNotSupportedError as exc:
            failure = _Failure(None, str(exc), False, exc)
        except (OSError, smtplib.SMTPException) as exc:
            failure = _Failure(None, f"{type(exc).__name__}: {exc}", True, exc)
        else:
            if refused:
                log.warning("SMTP %s:%s refused some recipients: %s", host, port,
                            ", ".join(sorted(refused)))
            return refused
        if not failure.transient or attempt == attempts:
            raise _delivery_error(failure, host, port, attempt) from failure.cause
        delay = backoff_seconds * 2 ** (attempt - 1)
        log.warning("SMTP %s:%s attempt %d of %d failed (%s); retrying in %.1f s",
                    host, port, attempt, attempts, failure.describe(), delay)
        time.sleep(delay)
    raise AssertionError("unreachable: the loop returns or raises")


def write_eml(message: EmailMessage, outbox_dir: str | os.PathLike[str], day: date | str) -> Path:
    """Write `message` to `<outbox_dir>/<day>-media-analytics.eml`, replacing an earlier file for
    the same day, and return its path."""
    outbox = Path(outbox_dir)
    outbox.mkdir(parents=True, exist_ok=True)
    name = day.isoformat() if isinstance(day, date) else str(day)
    path = outbox / f"{name}-media-analytics.eml"
    partial = path.with_suffix(".eml.partial")
    partial.write_bytes(message.as_bytes())
    partial.replace(path)
    return path


@dataclass(frozen=True)
class _Failure:
    code: int | None
    reply: str
    transient: bool
    cause: Exception

    def describe(self) -> str:
        return f"{self.code} {self.reply}" if self.code is not None else self.reply


def _send_once(message: EmailMessage, host: str, port: int, security: str, user: str | None,
               password: str | None, timeout: float,
               ssl_context: ssl.SSLContext | None) -> dict[str, tuple[int, bytes]]:
    context = ssl_context or ssl.create_default_context()
    if security == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(host, port, timeout=timeout)
    with client:
        if security == "starttls":
            client.starttls(context=context)
        if user:
            client.login(user, password or "")
        return client.send_message(message)


def _worst_refusal(recipients: dict[str, tuple[int, bytes]]) -> tuple[int, str]:
    code, reply = max(recipients.values(), key=lambda item: item[0])
    return code, _decode(reply)


def _decode(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _delivery_error(failure: _Failure, host: str, port: int, attempts: int) -> EmailDeliveryError:
    kind = "refused" if failure.code is not None else "failed"
    tries = f" after {attempts} attempts" if attempts > 1 else ""
    text = f"SMTP delivery to {host}:{port} {kind}{tries}: {failure.describe()}"
    return EmailDeliveryError(text, host=host, port=port, code=failure.code,
                              reply=failure.reply, permanent=not failure.transient,
                              attempts=attempts)
