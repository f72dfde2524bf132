"""python -m bench seed|web|recompute|report

BENCH_SCALE (default 1) picks the size; DATABASE_URL names the base database, and the
benchmark works in two databases derived from it: <name>_s<scale> for the marketplace and
<name>_recompute_s<scale> for the nightly recompute. They are created when missing and seeded
when empty (BENCH_RESEED=1 seeds again). See bench/README.md.
"""

import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent


def scale() -> float:
    return float(os.environ.get("BENCH_SCALE", "1"))


def scale_tag() -> str:
    return f"{scale():g}".replace(".", "_")


def database_url(kind: str) -> str:
    base = os.environ.get(
        "DATABASE_URL", "postgresql://postgres:postgres@127.0.0.1:5432/fairbid_bench"
    )
    parts = urlsplit(base)
    if not parts.scheme.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL=postgresql://...")
    name = parts.path.lstrip("/")
    suffix = f"_s{scale_tag()}" if kind == "web" else f"_recompute_s{scale_tag()}"
    return urlunsplit(parts._replace(path=f"/{name}{suffix}"))


def setup(kind: str) -> None:
    os.environ["DATABASE_URL"] = database_url(kind)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    from bench import database

    database.ensure_exists(os.environ["DATABASE_URL"])
    import django

    django.setup()
    database.migrate()


def main(command: str) -> None:
    started = time.monotonic()
    if command in ("seed", "web"):
        setup("web")
        from bench import database, run

        database.seed_once(scale())
        if command == "web":
            run.web(scale=scale(), out_dir=BENCH_DIR)
    elif command == "recompute":
        setup("recompute")
        from bench import recompute

        recompute.run(scale=scale(), out_dir=BENCH_DIR)
    elif command == "report":
        from bench import report

        report.write(BENCH_DIR)
    else:
        sys.exit(__doc__)
    print(f"bench {command}: {time.monotonic() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "")
