"""A failed build in a few lines: the email first if it was not sent, then one line per failed step
with its cause, then where the full log (every event, stack traces included) was written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import dagster as dg

EMAIL_STEP = "report_email"
# Exception classes that only wrap the user's error: the cause worth printing is below them.
WRAPPERS = ("Dagster", "Failure", "RetryRequested")
MAX_CAUSE = 300


def summarise(instance: dg.DagsterInstance, result: dg.ExecuteInProcessResult, day: date,
              log_dir: Path) -> list[str]:
    """The lines that explain a failed day's run, without stack traces."""
    failures = [(e.step_key, e.event_specific_data.error) for e in result.all_events if e.is_step_failure]
    if not failures:  # the run failed before any step (resources, configuration)
        failures = [("run", e.event_specific_data.error) for e in result.all_events
                    if e.is_run_failure and e.event_specific_data and e.event_specific_data.error]
    lines = [f"{step}: {cause(error)}" for step, error in failures]
    email = [line for (step, error), line in zip(failures, lines) if step == EMAIL_STEP or _smtp(error)]
    if email:
        lines = [f"email NOT sent — {email[0]}"] + [line for line in lines if line not in email]
    if not lines:
        lines = ["the run failed without a step failure (see the log)"]
    return lines + [f"full log: {write_log(instance, result.run_id, day, log_dir)}"]


def cause(error) -> str:
    """'ExceptionClass: message' of the error the user's code raised, on one line (the Dagster
    wrappers skipped), with its own cause when that says something more."""
    if error is None:
        return "(no error recorded)"
    chain = []
    while error is not None:
        chain.append(error)
        error = error.cause or error.context
    own = [e for e in chain if not (e.cls_name or "").startswith(WRAPPERS)]
    first = own[0] if own else chain[0]
    text = _one_line(first)
    last = chain[-1]
    if last is not first and _message(last) not in text:
        text += f" (caused by {_one_line(last)})"
    return text if len(text) <= MAX_CAUSE else text[:MAX_CAUSE - 1] + "…"


def write_log(instance: dg.DagsterInstance, run_id: str, day: date, log_dir: Path) -> Path:
    """Every event of the run, with the stack traces, in `<log_dir>/<day>-<run id>.log`."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / f"{day.isoformat()}-{run_id[:8]}.log"
    with path.open("w") as log:
        log.write(f"# run {run_id} of daily_analytics_job for {day}; the same events are in the Dagster UI\n")
        for entry in instance.all_logs(run_id):
            event = entry.dagster_event
            what = event.event_type_value if event else "LOG"
            log.write(f"{entry.timestamp:.3f} {entry.level} {entry.step_key or '-'} {what}: "
                      f"{entry.user_message}\n")
            error = getattr(event.event_specific_data, "error", None) if event else None
            if error is not None:
                log.write(error.to_string() + "\n")
    return path


def _smtp(error) -> bool:
    while error is not None:
        if error.cls_name in ("EmailDeliveryError",) or (error.cls_name or "").startswith("SMTP"):
            return True
        error = error.cause or error.context
    return False


def _message(error) -> str:
    return " ".join(error.message.split())


def _one_line(error) -> str:
    message = _message(error)
    name = error.cls_name or "Error"
    return message if message.startswith(name) else f"{name}: {message}"
