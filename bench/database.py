"""The benchmark's databases: created when missing, migrated, seeded once per scale."""

import os
import time
from urllib.parse import urlsplit

import psycopg2
from django.core.management import call_command
from psycopg2 import sql


def ensure_exists(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(
            f"Refusing to seed {name!r}: the benchmark's databases have 'bench' in their name."
        )
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        elif os.environ.get("BENCH_RESEED") == "1":
            cursor.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def migrate() -> None:
    call_command("migrate", verbosity=0, interactive=False)


def seed_once(scale: float, seeder=None) -> None:
    from bench.seed import seed
    from marketplace.models import Job

    if Job.objects.exists():
        print("Seeded already (BENCH_RESEED=1 seeds again).", flush=True)
        return
    started = time.monotonic()
    sizes = (seeder or seed)(scale)
    print(f"Seeded {sizes} in {time.monotonic() - started:.0f} s", flush=True)
