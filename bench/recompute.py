"""The nightly recompute over BENCH_SCALE × 100,000 current labels (one per provider, in a
database of its own), next to one plain SQL UPDATE of the same rows.

About 40% of the labels are due to move: past their last day, within the warning days, out
of a suspension their criteria no longer call for, or held by a firm in a high-income
country. Each run starts from the same state (the labels are restored from a snapshot), and
runs in its own process, whose peak resident memory the kernel reports on exit.
"""

import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from bench.bulk import copy_rows, reset_sequences
from bench.seed import Seeder
from certification.models import Label, LabelEvent, LabelStatus
from notifications.models import Notification

SNAPSHOT = "bench_label_snapshot"


class RecomputeSeeder(Seeder):
    def __init__(self, scale: float):
        super().__init__(scale)
        self.count = max(int(100_000 * scale), 100)

    def run(self):
        self.load_incomes()
        today = self.now.date()
        due = {  # status, days from today to the last day, auto-suspended
            "stays active": (LabelStatus.ACTIVE, (60, 300), False),
            "expires": (LabelStatus.ACTIVE, (-30, -1), False),
            "starts expiring": (LabelStatus.ACTIVE, (1, 25), False),
            "stays expiring": (LabelStatus.EXPIRING, (1, 25), False),
            "suspension lifted": (LabelStatus.SUSPENDED, (60, 300), True),
        }
        weights = [60, 12, 12, 6, 10]
        with transaction.atomic():
            self.sizes = replace(self.sizes, providers=self.count)
            self.organizations_and_people()
            rows = []
            for label_id, organization_id in enumerate(self.provider_ids, 1):
                status, days, auto = self.rng.choices(list(due.values()), weights)[0]
                until = today + timedelta(days=self.rng.randint(*days))
                rows.append(self._label(label_id, organization_id, status, until))
                rows[-1]["auto_suspended"] = auto
            copy_rows(Label, rows)
        reset_sequences(Label, *self.people_models)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _snapshot() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SNAPSHOT}")
        cursor.execute(f"CREATE TABLE {SNAPSHOT} AS SELECT * FROM {Label._meta.db_table}")


def _restore() -> None:
    """Back to the seeded state: statuses from the snapshot, no history, no notices."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {LabelEvent._meta.db_table}, {Notification._meta.db_table}")  # noqa: S608
        cursor.execute(
            f"UPDATE {Label._meta.db_table} AS label SET status = snapshot.status, "
            "status_reason = snapshot.status_reason, auto_suspended = snapshot.auto_suspended, "
            "last_checked_at = NULL FROM "
            f"{SNAPSHOT} AS snapshot WHERE label.id = snapshot.id"
        )
        cursor.execute("VACUUM ANALYZE")


def _timed_process(arguments: list[str]) -> dict:
    """Run a process; its wall time and peak resident memory (from the kernel, on exit)."""
    started = time.monotonic()
    process = subprocess.Popen(arguments, stdout=subprocess.PIPE, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{arguments} failed: {output}")
    return {
        "seconds": round(time.monotonic() - started, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "output": output.strip(),
    }


def _sql_update_seconds() -> float:
    """One UPDATE moving the same labels by their dates alone: the floor of the job."""
    warning = settings.CERTIFICATION_EXPIRY_WARNING_DAYS
    today = timezone.localdate()
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Label._meta.db_table} SET status = CASE "
            "WHEN valid_until < %s THEN 'expired' WHEN valid_until <= %s THEN 'expiring' "
            "ELSE 'active' END, auto_suspended = false, last_checked_at = now(), "
            "updated_at = now() WHERE status IN ('active', 'expiring', 'suspended')",
            [today, today + timedelta(days=warning)],
        )
    return round(time.monotonic() - started, 2)


def run(*, scale: float, out_dir: Path) -> dict:
    if not Label.objects.exists():
        started = time.monotonic()
        RecomputeSeeder(scale).run()
        _snapshot()
        print(f"Seeded the labels in {time.monotonic() - started:.0f} s", flush=True)
    _restore()
    labels = Label.objects.count()
    command = [sys.executable, "manage.py", "recompute_labels"]
    recompute = _timed_process(command)
    moves = LabelEvent.objects.count()
    notices = Notification.objects.count()
    _restore()
    sql_seconds = _sql_update_seconds()
    _restore()
    result = {
        "scale": scale,
        "labels": labels,
        "moves": moves,
        "notices": notices,
        "recompute": recompute,
        "sql_update_seconds": sql_seconds,
        "ratio": round(recompute["seconds"] / max(sql_seconds, 0.01), 1),
        "load_average": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(result, indent=1), flush=True)
    (out_dir / f"results-recompute-s{scale:g}.json").write_text(json.dumps(result, indent=1) + "\n")
    return result
