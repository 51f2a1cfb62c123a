"""A report email is recorded with its Message-ID before the SMTP exchange, so a run killed after the
server took the message and before the ledger write retries with the same Message-ID (issue 15,
item 13). The run is a real process, killed with SIGKILL by the SMTP server as it takes the message."""

import email
import email.policy
import os
import signal
import subprocess
import sys
import textwrap
import threading

import dagster as dg
from aiosmtpd.controller import Controller

from assets.report.assets import report_email
from assets.shared.resources import ReportingResource
from conftest import ROOT, free_port, item
from pipelines.definitions import ASSET_MODULES

DAY = "2026-11-02"
RECIPIENTS = ["editor@example.org", "owner@example.org"]


class KillingInbox:
    """Keeps every message; while `victim` is set, SIGKILLs that process group as a message arrives."""

    def __init__(self):
        self.messages = []
        self.victim: subprocess.Popen | None = None
        self.killed = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        if self.victim is not None:
            os.killpg(self.victim.pid, signal.SIGKILL)
            self.victim.wait()
            self.killed.set()
        return "250 OK"


def reporting(workspace, port):
    return ReportingResource(
        reports_dir=str(workspace.root / "reports"), outbox_dir=str(workspace.root / "outbox"),
        recipients=RECIPIENTS, sender="Media Analytics <ma@example.org>", email_max_age_days=100000,
        smtp_host="127.0.0.1", smtp_port=port, smtp_security="none")


SEND_IN_A_PROCESS = textwrap.dedent("""
    import sys
    import dagster as dg
    from assets.report.assets import report_email
    from assets.shared.resources import MetricsResource, ReportingResource, WarehouseResource
    root, port = sys.argv[1], int(sys.argv[2])
    dg.materialize([report_email], partition_key="{day}", resources={{
        "warehouse": WarehouseResource.in_folder(root + "/warehouse"), "metrics": MetricsResource(),
        "reporting": ReportingResource(reports_dir=root + "/reports", outbox_dir=root + "/outbox",
                                       recipients={recipients}, sender="Media Analytics <ma@example.org>",
                                       email_max_age_days=100000, smtp_host="127.0.0.1", smtp_port=port,
                                       smtp_security="none")}})
""").format(day=DAY, recipients=RECIPIENTS)


def test_a_send_killed_before_the_ledger_write_is_retried_with_the_same_message_id(workspace):
    inbox = KillingInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        workspace.land("inventory", "export.ndjson", [item("m1")])
        built = dg.materialize(dg.load_assets_from_modules(ASSET_MODULES), partition_key=DAY,
                               resources=workspace.resources(),
                               selection=dg.AssetSelection.all() - dg.AssetSelection.assets("report_email"))
        assert built.success
        inbox.victim = subprocess.Popen([sys.executable, "-c", SEND_IN_A_PROCESS, str(workspace.root), str(port)],
                                        cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        try:
            while not inbox.killed.wait(timeout=1):
                assert inbox.victim.poll() is None, "the sending process ended without sending"
        finally:
            if inbox.victim.poll() is None:
                os.killpg(inbox.victim.pid, signal.SIGKILL)
                inbox.victim.wait()
        inbox.victim = None
        assert inbox.victim is None and len(inbox.messages) == 1
        assert workspace.query("SELECT count(*) FROM email_ledger") == [(0,)]  # killed before the ledger write
        first_id = inbox.messages[0]["Message-ID"].strip()
        assert workspace.query("SELECT DISTINCT message_id FROM email_intents") == [(first_id,)]

        resources = {**workspace.resources(), "reporting": reporting(workspace, port)}
        assert dg.materialize([report_email], partition_key=DAY, resources=resources).success
    finally:
        controller.stop()
    assert len(inbox.messages) == 2
    assert inbox.messages[1]["Message-ID"].strip() == first_id  # the same message again, recognisably
    assert workspace.query("SELECT recipient, message_id FROM email_ledger ORDER BY recipient") == [
        (r, first_id) for r in RECIPIENTS]
    assert workspace.query("SELECT count(*) FROM email_intents") == [(0,)]
    # A forced re-send is a new message.
    forced = dg.RunConfig(ops={"report_email": {"config": {"force": True}}})
    inbox.messages.clear()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert dg.materialize([report_email], partition_key=DAY, resources=resources, run_config=forced).success
    finally:
        controller.stop()
    assert len(inbox.messages) == 1 and inbox.messages[0]["Message-ID"].strip() != first_id
