"""Public tender search over `PublicTender`: filters, sorts and keyset pages (never OFFSET).

Keyset rule: for an ordering (v, sort_key) the "after" filter is written as
``v <= cv AND (v < cv OR (v = cv AND sort_key < ck))`` (mirrored for ascending): the leading ``v <= cv`` lets the
database start the index range at the cursor instead of walking half the index.
The default ordering is the single unique column `sort_key`, so its filter is just ``sort_key < ck``.

Text: PostgreSQL full-text (`search_vector @@ websearch_to_tsquery('simple', q)`, GIN). SQLite: FTS5 whose
rowid is `sort_key`; for the default ordering the FTS index is walked in rowid order in batches and stops after
one page, so a common word costs no more than a rare one (an FTS5 MATCH ordered by another column would first
collect every match).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from .models import Phase, PublicTender

PAGE_SIZE = 25
SORTS = ("newest", "oldest", "hps_desc", "hps_asc", "closing")
LIST_FIELDS = (
    "code",
    "title",
    "agency_name",
    "work_unit_name",
    "location",
    "method",
    "procurement_type",
    "fiscal_year",
    "hps",
    "phase",
    "closing_at",
    "published_at",
    "winner_name",
    "winner_value",
    "sort_key",
)
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class TenderQuery:
    q: str = ""
    agency: str = ""
    work_unit: int | None = None
    method: str = ""
    procurement_type: str = ""
    phase: str = ""
    fiscal_year: int | None = None
    hps_min: Decimal | None = None
    hps_max: Decimal | None = None
    funding_source: str = ""
    sort: str = "newest"
    after: str = ""

    @classmethod
    def from_params(cls, params) -> TenderQuery:
        def text(name: str, limit: int = 100) -> str:
            return (params.get(name) or "").strip()[:limit]

        def integer(name: str) -> int | None:
            try:
                return int(params.get(name) or "")
            except ValueError:
                return None

        def money(name: str) -> Decimal | None:
            raw = (params.get(name) or "").replace(".", "").replace(",", ".").strip()
            try:
                return Decimal(raw) if raw else None
            except InvalidOperation:
                return None

        sort = text("sort", 20)
        return cls(
            q=text("q", 200),
            agency=text("instansi", 20),
            work_unit=integer("satker"),
            method=text("metode", 24),
            procurement_type=text("jenis", 16),
            phase=text("tahap", 12),
            fiscal_year=integer("tahun"),
            hps_min=money("hps_min"),
            hps_max=money("hps_max"),
            funding_source=text("sumber_dana", 8),
            sort=sort if sort in SORTS else "newest",
            after=text("setelah", 200),
        )

    def params(self, **override: Any) -> dict[str, str]:
        """Query-string parameters (for links to the next page)."""
        values = {
            "q": self.q,
            "instansi": self.agency,
            "satker": self.work_unit,
            "metode": self.method,
            "jenis": self.procurement_type,
            "tahap": self.phase,
            "tahun": self.fiscal_year,
            "hps_min": self.hps_min,
            "hps_max": self.hps_max,
            "sumber_dana": self.funding_source,
            "sort": "" if self.sort == "newest" else self.sort,
            "setelah": self.after,
        }
        values.update(override)
        return {k: str(v) for k, v in values.items() if v not in (None, "")}


@dataclass
class Page:
    rows: list[dict[str, Any]]
    next_cursor: str = ""
    query: TenderQuery = field(default_factory=TenderQuery)


def encode_cursor(value: Any, key: int) -> str:
    if isinstance(value, dt.datetime):
        value = value.isoformat()
    elif isinstance(value, Decimal):
        value = str(value)
    raw = json.dumps([value, key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[Any, int] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, key = json.loads(raw)
        return value, int(key)
    except (ValueError, TypeError):
        return None


def filtered(query: TenderQuery, *, now: dt.datetime) -> QuerySet[PublicTender]:
    qs = PublicTender.objects.all()
    if query.agency:
        qs = qs.filter(agency_code=query.agency)
    if query.work_unit is not None:
        qs = qs.filter(work_unit_id=query.work_unit)
    if query.method:
        qs = qs.filter(method=query.method)
    if query.procurement_type:
        qs = qs.filter(procurement_type=query.procurement_type)
    if query.fiscal_year is not None:
        qs = qs.filter(fiscal_year=query.fiscal_year)
    if query.funding_source:
        qs = qs.filter(funding_source=query.funding_source)
    if query.hps_min is not None:
        qs = qs.filter(hps__gte=query.hps_min)
    if query.hps_max is not None:
        qs = qs.filter(hps__lte=query.hps_max)
    if query.phase == Phase.OPEN:
        qs = qs.filter(phase=Phase.ANNOUNCED, closing_at__gt=now)
    elif query.phase == Phase.EVALUATION:
        qs = qs.filter(phase=Phase.ANNOUNCED).filter(Q(closing_at__lte=now) | Q(closing_at__isnull=True))
    elif query.phase in Phase.values:
        qs = qs.filter(phase=query.phase)
    return qs


def _ordered(qs: QuerySet, query: TenderQuery) -> tuple[QuerySet, str]:
    """Apply the ordering and the keyset cursor; return the queryset and the ordering column."""
    cursor = decode_cursor(query.after)
    sort = query.sort
    if sort == "newest":
        if cursor:
            qs = qs.filter(sort_key__lt=cursor[1])
        return qs.order_by("-sort_key"), ""
    if sort == "oldest":
        if cursor:
            qs = qs.filter(sort_key__gt=cursor[1])
        return qs.order_by("sort_key"), ""
    column = "hps" if sort.startswith("hps") else "closing_at"
    qs = qs.filter(**{f"{column}__isnull": False})
    descending = sort == "hps_desc"
    if cursor:
        value = Decimal(cursor[0]) if column == "hps" else dt.datetime.fromisoformat(cursor[0])
        key = cursor[1]
        if descending:
            qs = qs.filter(**{f"{column}__lte": value}).filter(
                Q(**{f"{column}__lt": value}) | Q(**{column: value, "sort_key__lt": key})
            )
        else:
            qs = qs.filter(**{f"{column}__gte": value}).filter(
                Q(**{f"{column}__gt": value}) | Q(**{column: value, "sort_key__gt": key})
            )
    if descending:
        return qs.order_by(f"-{column}", "-sort_key"), column
    return qs.order_by(column, "sort_key"), column


def _fts_words(q: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(q)][:8]


def _sqlite_match(q: str) -> str:
    return " ".join(f'"{w}"' for w in _fts_words(q))


def _page_from(qs: QuerySet, query: TenderQuery, column: str, limit: int) -> Page:
    rows = list(qs.values(*LIST_FIELDS)[: limit + 1])
    next_cursor = ""
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor(last[column] if column else None, last["sort_key"])
    return Page(rows=rows, next_cursor=next_cursor, query=query)


def search(query: TenderQuery, *, now: dt.datetime, limit: int = PAGE_SIZE) -> Page:
    qs = filtered(query, now=now)
    words = _fts_words(query.q)
    if not words:
        ordered, column = _ordered(qs, query)
        return _page_from(ordered, query, column, limit)
    if connection.vendor == "postgresql":
        qs = qs.extra(where=["search_vector @@ websearch_to_tsquery('simple', %s)"], params=[query.q])
        ordered, column = _ordered(qs, query)
        return _page_from(ordered, query, column, limit)
    if connection.vendor == "sqlite" and query.sort in ("newest", "oldest"):
        return _sqlite_text_walk(qs, query, limit)
    if connection.vendor == "sqlite":
        qs = qs.extra(
            where=[
                "sort_key IN (SELECT rowid FROM public_publictender_fts WHERE public_publictender_fts MATCH %s)"
            ],
            params=[_sqlite_match(query.q)],
        )
    else:  # any other database: a plain (slow) containment test on every word
        for word in words:
            qs = qs.filter(search_text__contains=word)
    ordered, column = _ordered(qs, query)
    return _page_from(ordered, query, column, limit)


def _sqlite_text_walk(qs: QuerySet, query: TenderQuery, limit: int) -> Page:
    """Walk the FTS5 index in rowid (= sort_key) order in growing batches, keep the rows that pass the filters."""
    cursor = decode_cursor(query.after)
    descending = query.sort == "newest"
    bound = cursor[1] if cursor else None
    match = _sqlite_match(query.q)
    found: list[dict[str, Any]] = []
    batch = 64
    filtered_only = qs.query.where.children  # any filter besides text?
    while len(found) <= limit:
        sql = "SELECT rowid FROM public_publictender_fts WHERE public_publictender_fts MATCH %s"
        params: list[Any] = [match]
        if bound is not None:
            sql += " AND rowid < %s" if descending else " AND rowid > %s"
            params.append(bound)
        sql += f" ORDER BY rowid {'DESC' if descending else 'ASC'} LIMIT {batch}"
        with connection.cursor() as c:
            c.execute(sql, params)
            keys = [r[0] for r in c.fetchall()]
        if not keys:
            break
        bound = keys[-1]
        candidates = (
            qs.filter(sort_key__in=keys) if filtered_only else PublicTender.objects.filter(sort_key__in=keys)
        )
        rows = {r["sort_key"]: r for r in candidates.values(*LIST_FIELDS)}
        found.extend(rows[k] for k in keys if k in rows)
        if len(keys) < batch:
            break
        batch = min(batch * 4, 4096)
    next_cursor = ""
    if len(found) > limit:
        found = found[:limit]
        next_cursor = encode_cursor(None, found[-1]["sort_key"])
    return Page(rows=found, next_cursor=next_cursor, query=query)


COUNT_CAP = 1000


def count(query: TenderQuery, *, now: dt.datetime, cap: int = COUNT_CAP) -> int:
    """How many tenders match the filters and the text, counted up to `cap` + 1 (the page says "more than
    1.000"): a LIMITed count stays an index-range walk even at a million rows."""
    qs = filtered(query, now=now)
    words = _fts_words(query.q)
    if words and connection.vendor == "postgresql":
        qs = qs.extra(where=["search_vector @@ websearch_to_tsquery('simple', %s)"], params=[query.q])
    elif words and connection.vendor == "sqlite":
        qs = qs.extra(
            where=[
                "sort_key IN (SELECT rowid FROM public_publictender_fts WHERE public_publictender_fts MATCH %s)"
            ],
            params=[_sqlite_match(query.q)],
        )
    elif words:
        for word in words:
            qs = qs.filter(search_text__contains=word)
    if query.sort in ("hps_desc", "hps_asc", "closing"):  # these orderings leave out rows without the value
        column = "hps" if query.sort.startswith("hps") else "closing_at"
        qs = qs.filter(**{f"{column}__isnull": False})
    return qs.order_by().values("sort_key")[: cap + 1].count()
