"""The guild's member-list import at 10,000 rows on top of the benchmark's registry: the dry run
(read, validate, match against every organization) and the apply (all rows written in one
transaction, rolled back afterwards so that the data set stays as it was). Run by
``benchmarks/run.py`` (``make bench``) through ``run(report)``. ``BENCH_IMPORT_ROWS`` sets the
size (default 10,000)."""

from __future__ import annotations

import os
import time

from django.db import transaction

from khooshe.accounts.models import Role, RoleGrant, User
from khooshe.geo.models import Province
from khooshe.persian.validators import legal_id_check_digit
from khooshe.registry.imports import COLUMNS, import_apply, import_dry_run


class _RollBack(Exception):
    """Leaves the applied rows unwritten."""


def _legal_id(n: int) -> str:
    # The 18… range: the generated registry uses 19…, the demo its own.
    first10 = f"18{n:08d}"
    return first10 + legal_id_check_digit(first10)


def member_list(rows: int) -> bytes:
    """A CSV in the shape of the guild's template, every row a new organization."""
    lines = [",".join(COLUMNS.values())]
    for n in range(1, rows + 1):
        values = [
            n,
            f"شرکت سنجش واردات {n}",
            "شرکت",
            _legal_id(n),
            f"{n}",
            "۱۴۰۲/۰۱/۱۵",
            "مازندران",
            "ساری" if n % 2 else "بابل",
            "خیابان فرهنگ",
            "4816897451",
            "01133333333",
            "example.ir",
            "12",
            f"8{n:06d}",
            "پایه ۱",
            "تولید نرم‌افزار",
            "۱۴۰۵/۰۶/۳۱",
            "بله",
            "info@example.ir",
        ]
        lines.append(",".join(str(value) for value in values))
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def _guild_staff() -> User:
    user, _created = User.objects.get_or_create(username="bench-import-guild")
    RoleGrant.objects.get_or_create(
        user=user, role=Role.GUILD_STAFF, province=Province.objects.get(code="IR-02")
    )
    return user


def run(report) -> None:
    rows = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
    staff = _guild_staff()
    content = member_list(rows)

    def dry_run(_round):
        summary = import_dry_run(actor=staff, content=content, filename="members.csv")
        assert summary.counts()["create"] == rows, summary.counts()

    report.measure(
        f"registry import: dry run of {rows:,} rows", dry_run, [1], repeat=3, count_queries=False
    )

    started = time.perf_counter()
    try:
        with transaction.atomic():
            import_apply(actor=staff, content=content, filename="members.csv")
            raise _RollBack
    except _RollBack:
        pass
    report.timings(
        f"registry import: apply of {rows:,} rows (rolled back)",
        [(time.perf_counter() - started) * 1000],
    )
