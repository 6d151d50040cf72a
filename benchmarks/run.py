"""``make bench``: benchmarks at realistic sizes on SQLite and PostgreSQL.

For each database (SQLite: a temporary file; PostgreSQL: ``BENCH_POSTGRES_URL``, default
postgres://postgres@127.0.0.1:5432/khooshe_bench, created when missing) this script starts a
worker process with ``DATABASE_URL`` pointing at it. The worker migrates, fills the database up to
``BENCH_ORGS`` organizations (default 100,000; PostgreSQL keeps them between runs), then runs
every ``benchmarks/bench_*.py`` module's ``run(report)``. Each measurement prints its median and
p95 in milliseconds and the number of SQL queries per request.

Environment: ``BENCH_ORGS`` (size), ``BENCH_DATABASES`` (``sqlite,postgresql``: which ones),
``BENCH_POSTGRES_URL``, ``BENCH_SQLITE_PATH`` (keep the SQLite
file between runs instead of a temporary one: generated once, reused and migrated by later
runs), ``BENCH_ONLY`` (a module-name substring).
"""

from __future__ import annotations

import importlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/khooshe_bench"


class Report:
    """What a benchmark module measures; printed as one table per database."""

    def __init__(self, database: str):
        self.database = database
        self.lines: list[str] = []

    def note(self, text: str) -> None:
        print(f"  {text}", flush=True)
        self.lines.append(text)

    @staticmethod
    def percentile(samples: list[float], fraction: float) -> float:
        ordered = sorted(samples)
        index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
        return ordered[index]

    def timings(
        self,
        name: str,
        samples_ms: list[float],
        *,
        queries: float | None = None,
        target_p95: float | None = None,
    ) -> dict:
        median = statistics.median(samples_ms)
        p95 = self.percentile(samples_ms, 0.95)
        verdict = ""
        if target_p95 is not None:
            verdict = f"  target p95 < {target_p95:g} ms: {'OK' if p95 < target_p95 else 'MISSED'}"
        per_request = "" if queries is None else f", {queries:g} queries/request"
        self.note(
            f"{name}: median {median:.1f} ms, p95 {p95:.1f} ms "
            f"(n={len(samples_ms)}{per_request}){verdict}"
        )
        return {"median": median, "p95": p95}

    def measure(
        self,
        name: str,
        call: Callable[[object], object],
        items: Iterable,
        *,
        repeat: int = 1,
        warmup: bool = True,
        count_queries: bool = True,
        target_p95: float | None = None,
        setup: Callable[[], object] | None = None,
    ) -> dict:
        """Time ``call(item)`` for every item (``repeat`` rounds, after one warm-up round);
        ``setup()``, when given, runs before each call, outside the timing (e.g. to forget
        cached results so that every call computes them)."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        items = list(items)
        setup = setup or (lambda: None)
        if warmup:
            for item in items:
                setup()
                call(item)
        samples = []
        for _round in range(repeat):
            for item in items:
                setup()
                started = time.perf_counter()
                call(item)
                samples.append((time.perf_counter() - started) * 1000)
        queries = None
        if count_queries:
            counts = []
            for item in items[:10]:
                setup()
                with CaptureQueriesContext(connection) as captured:
                    call(item)
                counts.append(len(captured.captured_queries))
            queries = max(counts) if counts else 0
        return self.timings(name, samples, queries=queries, target_p95=target_p95)


def _modules() -> list[str]:
    only = os.environ.get("BENCH_ONLY", "")
    return sorted(path.stem for path in HERE.glob("bench_*.py") if only in path.stem)


def worker(label: str) -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(HERE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khooshe.settings")
    from django.conf import settings
    from django.core.management import call_command

    # The app is loaded the way the server loads it: khooshe/wsgi.py sets it up, then freezes it.
    import khooshe.wsgi  # noqa: F401

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    print(f"== {label}: migrated in {time.monotonic() - started:.1f} s", flush=True)
    report = Report(label)
    for name in _modules():
        module = importlib.import_module(name)
        print(f"-- {name}", flush=True)
        module.run(report)


def _ensure_postgres(url: str) -> bool:
    base, _, name = url.rpartition("/")
    try:
        with psycopg.connect(base + "/postgres", autocommit=True, connect_timeout=5) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:
        print(f"PostgreSQL skipped: {error}")
        return False
    return True


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--worker":
        worker(sys.argv[2])
        return 0
    wanted = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
    status = 0
    print(
        f"Organizations: {int(os.environ.get('BENCH_ORGS', '100000')):,}; modules: {', '.join(_modules())}"
    )
    with tempfile.TemporaryDirectory(prefix="khooshe-bench-") as tmp:
        runs = []
        if "sqlite" in wanted:
            path = os.environ.get("BENCH_SQLITE_PATH") or f"{tmp}/bench.sqlite3"
            runs.append(("SQLite", f"sqlite:///{path}"))
        if "postgresql" in wanted:
            url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
            if _ensure_postgres(url):
                runs.append(("PostgreSQL", url))
        for label, url in runs:
            env = {**os.environ, "DATABASE_URL": url, "CONN_MAX_AGE": "60"}
            result = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--worker", label],
                env=env,
                cwd=ROOT,
                check=False,
            )
            status = status or result.returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
