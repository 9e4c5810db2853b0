"""`make bench`, web part: the seed imported end to end, and the task list page's server time.

Runs in-process on a temporary SQLite file database (migrated here), with Django's test client:
no network, no browser. Prints medians against the bars in the README:
seed import ≤ 1 s; `/ledgers/<id>/tasks/` ≤ 50 ms for the seed, ≤ 150 ms for a 2,000-task ledger.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

DATA_DIR = tempfile.mkdtemp(prefix="luoshi-bench-web-")
os.environ["LUOSHI_DATA_DIR"] = DATA_DIR  # settings put the SQLite file here
os.environ.pop("DATABASE_URL", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "luoshi.settings"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from synthetic import SEED, synthetic_notice  # noqa: E402

from luoshi.ledger.services import import_notice  # noqa: E402
from luoshi.units.models import Jurisdiction  # noqa: E402

PROFILE = json.loads((ROOT / "src" / "luoshi" / "notice" / "profiles" / "jinhua.json").read_text(encoding="utf-8"))
IMPORT_RUNS = 5
PAGE_RUNS = 20


def jurisdiction(name: str) -> Jurisdiction:
    """A jurisdiction with Jinhua's profile and an empty unit registry, so every import starts alike."""
    return Jurisdiction.objects.create(name=name, level="city", profile=PROFILE)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def bar(value: float, limit: float) -> str:
    return f"[bar ≤ {ms(limit)}: {'ok' if value <= limit else 'OVER'}]"


def time_import(actor, data: bytes, filename: str, name: str) -> tuple[float, object]:
    place = jurisdiction(name)
    start = time.perf_counter()
    result = import_notice(actor=actor, jurisdiction=place, data=data, filename=filename)
    return time.perf_counter() - start, result.ledger


def time_page(client: Client, url: str) -> tuple[float, int, int]:
    """Median server time of GET url over PAGE_RUNS requests (after two warm-ups), status, queries."""
    for _ in range(2):
        client.get(url)
    runs = []
    for _ in range(PAGE_RUNS):
        start = time.perf_counter()
        response = client.get(url)
        runs.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return statistics.median(runs), response.status_code, len(queries)


def main() -> int:
    print(f"web bench: SQLite file database in {DATA_DIR}")
    call_command("migrate", verbosity=0, interactive=False)
    user = get_user_model().objects.create_user("bench", password="bench-only-1")
    seed = SEED.read_bytes()

    runs = []
    seed_ledger = None
    for i in range(IMPORT_RUNS):
        elapsed, ledger = time_import(user, seed, SEED.name, f"金华市-{i}" if i else "金华市")
        runs.append(elapsed)
        seed_ledger = seed_ledger or ledger
    tasks = seed_ledger.tasks.count()
    print(f"seed import end to end (file → parsed → {tasks} tasks stored, empty unit registry): "
          f"median {ms(statistics.median(runs))}, first {ms(runs[0])}  {bar(statistics.median(runs), 1.0)}")

    big_data = synthetic_notice(2000).encode("utf-8")
    elapsed, big_ledger = time_import(user, big_data, "synthetic-2000.txt", "金华市-2000")
    print(f"synthetic notice import: {big_ledger.tasks.count()} tasks in {ms(elapsed)}")

    from luoshi.accounts.models import RoleGrant
    from luoshi.ledger.models import Assignment, LedgerStatus

    for place in Jurisdiction.objects.all():  # the office of every city the bench made
        RoleGrant.objects.create(user=user, role="office_admin", jurisdiction=place)
    # A unit's reporter on the published 2,000-task ledger: the scoped path (tasks through the unit's assignments).
    big_ledger.__class__.objects.filter(pk=big_ledger.pk).update(status=LedgerStatus.PUBLISHED)
    busiest = (Assignment.objects.filter(task__ledger=big_ledger).values("unit").annotate(n=Count("id")).order_by("-n").first())
    reporter = get_user_model().objects.create_user("bench-unit", password="bench-only-1")
    RoleGrant.objects.create(user=reporter, role="unit_reporter", unit_id=busiest["unit"])

    office, unit = Client(), Client()
    office.force_login(user)
    unit.force_login(reporter)
    pages = [
        (office, "seed, office", f"/ledgers/{seed_ledger.id}/tasks/", 0.050),
        (office, "2,000 tasks, office", f"/ledgers/{big_ledger.id}/tasks/", 0.150),
        (unit, f"2,000 tasks, a unit's reporter ({busiest['n']} of its tasks)", f"/ledgers/{big_ledger.id}/tasks/", 0.150),
    ]
    failures = 0
    for client, label, url, limit in pages:
        median, status, queries = time_page(client, url)
        if status != 200:
            failures += 1
        print(f"GET {url} ({label}): median {ms(median)} over {PAGE_RUNS} requests, "
              f"status {status}, {queries} SQL queries  {bar(median, limit)}")
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        code = main()
    finally:
        connection.close()
        shutil.rmtree(DATA_DIR, ignore_errors=True)
    sys.exit(code)
