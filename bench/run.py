"""The web benchmark: gunicorn in production mode on the seeded database, driven by wrk.

For each target: its SQL queries per request (counted in-process on a sample of its URLs,
which must all answer 200 with the expected text), a cold run right after the cache is
flushed, then BENCH_REPEAT warm runs of BENCH_DURATION seconds at BENCH_CONNECTIONS
connections, with Redis's cache hits and misses over the warm runs and the load average.
"""

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from django.core.management import call_command
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import targets as target_catalog

HOST, PORT = os.environ.get("BENCH_BIND", "127.0.0.1:8090").split(":")
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "6390"))
SAMPLE = 6  # URLs of each target counted in-process


def _setting(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not _port_open(port):
        if time.monotonic() > deadline:
            raise SystemExit(f"Nothing answers on port {port} after {seconds:.0f} s.")
        time.sleep(0.3)


class Redis:
    """The benchmark's own Redis for the cache, so its hit ratio counts only our requests."""

    def __init__(self, port: int):
        self.port = port
        self.process = None

    def __enter__(self):
        if not _port_open(self.port):
            self.process = subprocess.Popen(
                [shutil.which("redis-server") or "redis-server", "--port", str(self.port),
                 "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
            _wait_for(self.port)
        return self

    def __exit__(self, *exc):
        if self.process is not None:
            self.process.terminate()
            self.process.wait()

    def command(self, *args: str) -> str:
        return subprocess.run(
            ["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True, check=True
        ).stdout

    def hits_misses(self) -> tuple[int, int]:
        stats = dict(
            line.split(":", 1) for line in self.command("INFO", "stats").splitlines() if ":" in line
        )
        return int(stats["keyspace_hits"]), int(stats["keyspace_misses"])

    def flush(self) -> None:
        self.command("FLUSHALL")


class Gunicorn:
    def __init__(self, log: Path):
        self.log = log
        self.process = None

    def __enter__(self):
        environment = {**os.environ, "BENCH_GUNICORN_LOG": str(self.log)}
        self.process = subprocess.Popen(
            [str(Path(os.sys.executable).with_name("gunicorn")), "-c", "bench/gunicorn.conf.py",
             "config.wsgi"],
            env=environment,
        )  # fmt: skip
        _wait_for(int(PORT))
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def peak_rss_mb(self) -> list[float]:
        """Each worker's peak resident memory so far (VmHWM)."""
        peaks = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            kilobytes = next(line.split()[1] for line in status.splitlines() if "VmHWM" in line)
            peaks.append(round(int(kilobytes) / 1024, 1))
        return peaks


class WrongPage(AssertionError):
    pass


def count_queries(target, cookies, *, sample: int = SAMPLE) -> dict:
    """Queries per request over a sample of the target's URLs; each must answer 200 and
    contain the text expected of it."""
    client = Client(HTTP_HOST="127.0.0.1")
    counts = []
    for path, user_id, expect in list(target.checks())[:sample]:
        client.cookies.clear()
        cookie = cookies.cookie(user_id)
        if cookie:
            name, value = cookie.split("=", 1)
            client.cookies[name] = value
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        body = response.content.decode(errors="replace")
        if response.status_code != 200 or expect not in body:
            raise WrongPage(
                f"{target.name}: {path} answered {response.status_code} without {expect!r}: "
                f"{body[:300]}"
            )
        counts.append(len(queries))
    return {"queries_min": min(counts), "queries_max": max(counts)}


def wrk(urls_file: Path, seconds: int, connections: int) -> dict:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
         "-s", "bench/wrk.lua", f"http://{HOST}:{PORT}"],
        env={**os.environ, "BENCH_URLS": str(urls_file)},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    result = json.loads(output.strip().splitlines()[-1])
    seconds_taken = result["duration_us"] / 1e6
    return {
        "rps": round(result["requests"] / seconds_taken, 1),
        "p50_ms": round(result["p50_us"] / 1000, 1),
        "p90_ms": round(result["p90_us"] / 1000, 1),
        "p99_ms": round(result["p99_us"] / 1000, 1),
        "requests": result["requests"],
        "errors": result["non_2xx"] + result["socket_errors"],
    }


def _write_urls(target, cookies, directory: Path) -> Path:
    path = directory / f"{target.name}.txt"
    lines = []
    for url, user_id, _ in target.checks():
        cookie = cookies.cookie(user_id)
        lines.append(f"{url}\t{cookie}" if cookie else url)
    path.write_text("\n".join(lines) + "\n")
    return path


def _measure(target, urls, redis, server) -> dict:
    seconds = int(_setting("BENCH_DURATION", "10"))
    connections = int(_setting("BENCH_CONNECTIONS", "16"))
    redis.flush()
    cold = wrk(urls, max(seconds // 3, 2), connections)
    hits, misses = redis.hits_misses()
    runs = [wrk(urls, seconds, connections) for _ in range(int(_setting("BENCH_REPEAT", "2")))]
    new_hits, new_misses = redis.hits_misses()
    lookups = new_hits - hits + new_misses - misses
    best = max(runs, key=lambda run: run["rps"])
    return {
        **best,
        "runs": runs,
        "cold": cold,
        "cache_hit_ratio": round((new_hits - hits) / lookups, 3) if lookups else None,
        "load_average": round(os.getloadavg()[0], 2),
        "peak_rss_mb": server.peak_rss_mb(),
    }


def web(*, scale: float, out_dir: Path) -> dict:
    call_command("collectstatic", interactive=False, verbosity=0)
    work = Path(_setting("BENCH_WORK_DIR", "var/bench"))
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    targets = target_catalog.build(rng=rng)
    cookies = target_catalog.Sessions()
    results = {"scale": scale, "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}
    results["targets"] = {}
    with Redis(REDIS_PORT) as redis:
        queries = {target.name: count_queries(target, cookies) for target in targets}
        connection.close()
        with Gunicorn(work / "gunicorn.log") as server:
            for target in targets:
                urls = _write_urls(target, cookies, work)
                measured = _measure(target, urls, redis, server)
                results["targets"][target.name] = {
                    "title": target.title,
                    "share_goal": target.share,
                    "urls": len(target.requests),
                    **queries[target.name],
                    **measured,
                }
                print(f"{target.name:22} {measured['rps']:8.1f} req/s  p50 {measured['p50_ms']}"
                      f" ms  p99 {measured['p99_ms']} ms  load {measured['load_average']}",
                      flush=True)  # fmt: skip
    baseline = results["targets"]["baseline"]["rps"]
    for measured in results["targets"].values():
        measured["share"] = round(measured["rps"] / baseline, 4)
    out = out_dir / f"results-web-s{scale:g}.json"
    out.write_text(json.dumps(results, indent=1) + "\n")
    return results
