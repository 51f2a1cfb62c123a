import email
import email.policy
import logging
import re
import socket
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sample_report import sample_report

from reports.charts import Chart, render_charts
from reports.email import EmailDeliveryError, build_message, send_smtp, write_eml
from reports.model import DailyReport
from reports.render import email_subject, render_email_html, render_email_text

SENDER = "Media Analytics <reports@example.org>"
RECIPIENTS = ["editor@example.org", "Ops Team <ops@example.org>"]
SENT_AT = datetime(2026, 11, 24, 6, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def report() -> DailyReport:
    return sample_report()


@pytest.fixture(scope="module")
def charts(report: DailyReport) -> list[Chart]:
    return render_charts(report)


class Recorder:
    """An aiosmtpd handler that stores envelopes, or answers RCPT/DATA with canned replies."""

    def __init__(self, rcpt_reply: str | None = None, data_replies: list[str] | None = None,
                 refuse: str | None = None):
        self.rcpt_reply = rcpt_reply
        self.refuse = refuse
        self.data_replies = list(data_replies or [])
        self.envelopes = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        if address == self.refuse:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_replies:
            return self.data_replies.pop(0)
        self.envelopes.append(envelope)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(handler: Recorder, **server_kwargs) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **server_kwargs)
    controller.start()
    return controller


@pytest.fixture
def smtp_server() -> Iterator[tuple[Controller, Recorder]]:
    handler = Recorder()
    controller = serve(handler)
    yield controller, handler
    controller.stop()


@pytest.fixture(scope="module")
def message(report, charts):
    html = render_email_html(report, charts)
    text = render_email_text(report)
    return build_message(email_subject(report), html, text, charts, SENDER, RECIPIENTS,
                         sent_at=SENT_AT)


def send(message, controller, **kwargs):
    kwargs.setdefault("backoff_seconds", 0)
    return send_smtp(message, controller.hostname, controller.port, "none", timeout=5, **kwargs)


def test_report_email_arrives_as_alternative_with_related_html(smtp_server, message, charts):
    controller, handler = smtp_server
    assert send(message, controller) == {}

    [envelope] = handler.envelopes
    assert envelope.rcpt_tos == ["editor@example.org", "ops@example.org"]
    received = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert received["Subject"] == (
        "Media analytics — 2026-11-23: 1,234 files, 2.4 GB, 156 cleanup candidates (340 MB)"
    )
    assert received["To"] == "editor@example.org, Ops Team <ops@example.org>"
    assert received.get_content_type() == "multipart/alternative"

    plain, related = received.get_payload()
    assert plain.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    html_part, *images = related.get_payload()
    assert html_part.get_content_type() == "text/html"
    assert "2.4 GB" in plain.get_content()

    html = html_part.get_content()
    content_ids = {part["Content-ID"].strip("<>") for part in images}
    references = re.findall(r'src="cid:([^"]+)"', html)
    assert sorted(references) == sorted(content_ids) and len(references) == len(charts)
    for part in images:
        assert part.get_content_type() == "image/png"
        assert part.get_content_disposition() == "inline"
        assert part.get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    assert 'style="' in html and "<style" not in html
    assert "<script" not in html.lower()


def test_every_email_image_has_alt_text(message):
    html = message.get_body(preferencelist=("html",)).get_content()
    images = re.findall(r"<img\b[^>]*>", html)
    assert images and all(re.search(r'\balt="[^"]+"', tag) for tag in images)


def test_permanent_rcpt_refusal_raises_with_host_port_and_reply(message):
    controller = serve(Recorder(rcpt_reply="550 5.1.1 Mailbox unavailable"))
    try:
        with pytest.raises(EmailDeliveryError) as raised:
            send(message, controller, attempts=3)
    finally:
        controller.stop()
    error = raised.value
    assert error.permanent and error.code == 550 and error.attempts == 1
    assert f"127.0.0.1:{controller.port}" in str(error)
    assert "550 5.1.1 Mailbox unavailable" in str(error)


def test_permanent_data_refusal_raises(message):
    controller = serve(Recorder(data_replies=["554 5.7.1 Rejected as spam"]))
    try:
        with pytest.raises(EmailDeliveryError, match=r"refused: 554 5\.7\.1 Rejected as spam"):
            send(message, controller)
    finally:
        controller.stop()


def test_transient_reply_is_retried(message):
    handler = Recorder(data_replies=["451 4.3.0 Try again later"])
    controller = serve(handler)
    try:
        assert send(message, controller, attempts=2) == {}
    finally:
        controller.stop()
    assert len(handler.envelopes) == 1


def test_some_refused_recipients_are_returned_and_the_rest_delivered(message):
    handler = Recorder(refuse="ops@example.org")
    controller = serve(handler)
    try:
        refused = send(message, controller)
    finally:
        controller.stop()
    assert refused == {"ops@example.org": (550, b"5.1.1 No such user")}
    assert [e.rcpt_tos for e in handler.envelopes] == [["editor@example.org"]]


def test_connection_refused_gives_up_after_the_attempts(message):
    port = free_port()
    with pytest.raises(EmailDeliveryError) as raised:
        send_smtp(message, "127.0.0.1", port, "none", timeout=2, attempts=2, backoff_seconds=0)
    assert not raised.value.permanent and raised.value.attempts == 2
    assert f"127.0.0.1:{port} failed after 2 attempts" in str(raised.value)


def test_login_uses_the_user_and_never_logs_the_password(message, caplog):
    seen = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        assert isinstance(auth_data, LoginPassword)
        seen.append(auth_data.login)
        return AuthResult(success=auth_data.password == b"right-secret", handled=False)

    handler = Recorder()
    controller = serve(handler, authenticator=authenticator, auth_require_tls=False)
    caplog.set_level(logging.DEBUG)
    try:
        assert send(message, controller, user="mailer", password="right-secret") == {}
        with pytest.raises(EmailDeliveryError) as raised:
            send(message, controller, user="mailer", password="wrong-secret")
    finally:
        controller.stop()
    assert seen and set(seen) == {b"mailer"}
    assert raised.value.code == 535
    assert "wrong-secret" not in str(raised.value)
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("reports")]
    assert not any("secret" in line for line in ours)


def test_write_eml_round_trips_and_overwrites(tmp_path, message):
    path = write_eml(message, tmp_path / "outbox", "2026-11-23")
    assert path == tmp_path / "outbox" / "2026-11-23-media-analytics.eml"
    again = write_eml(message, tmp_path / "outbox", "2026-11-23")
    assert again == path and sorted(p.name for p in path.parent.iterdir()) == [path.name]

    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == message["Subject"]
    assert parsed["Date"] == "Tue, 24 Nov 2026 06:00:00 +0000"
    original = message.get_body(preferencelist=("html",)).get_content()
    assert parsed.get_body(preferencelist=("html",)).get_content() == original
    assert parsed.get_body(preferencelist=("plain",)).get_content() == (
        message.get_body(preferencelist=("plain",)).get_content()
    )
