"""Reads of the public portal: only public facts, for anonymous visitors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from lentera.opendata import sources

from .models import Phase, PublicTender, ServiceNotice

NOTICE_CACHE_KEY = "public:notices:v1"
NOTICE_CACHE_SECONDS = 15
STATS_CACHE_SECONDS = 120


# --- service notices -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeView:
    """What the banner in base.html and the API show (fields: title, summary, severity, starts_at, ends_at)."""

    id: int
    kind: str
    title: str
    summary: str
    severity: str
    affected_features: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    #: tenders whose bid deadline falls inside the notice's window: (code, title, closing_at)
    affected_tenders: tuple[tuple[str, str, dt.datetime], ...] = ()


def tenders_closing_during(starts_at: dt.datetime, ends_at: dt.datetime) -> list[PublicTender]:
    """Tenders still taking bids whose deadline falls inside a notice's window (maintenance or an outage), so
    their Pokja can decide on a schedule change (issue #16, service notices; Permendagri 53/2021 Lampiran
    2.5.2 d)."""
    return list(
        PublicTender.objects.filter(
            phase__in=[Phase.OPEN, Phase.ANNOUNCED], closing_at__gte=starts_at, closing_at__lte=ends_at
        ).order_by("closing_at", "code")[:50]
    )


def _affected(n: ServiceNotice) -> tuple[tuple[str, str, dt.datetime], ...]:
    rows = tenders_closing_during(n.starts_at, n.ends_at)
    return tuple((t.code, t.title, t.closing_at) for t in rows if t.closing_at is not None)


def _load_notices(now: dt.datetime) -> list[NoticeView]:
    rows = (
        ServiceNotice.objects.filter(withdrawn_at__isnull=True, ends_at__gt=now)
        .filter(Q(show_from__isnull=True) | Q(show_from__lte=now))
        .order_by("starts_at", "pk")
    )
    return [
        NoticeView(
            n.pk,
            n.kind,
            n.title,
            n.summary,
            n.severity,
            n.affected_features,
            n.starts_at,
            n.ends_at,
            _affected(n),
        )
        for n in rows[:5]
    ]


def active_notices(now: dt.datetime | None = None) -> list[NoticeView]:
    """Notices to show now: not withdrawn, not ended, and visible (planned maintenance shows ahead of time).

    Cached for a few seconds per process (every page renders the banner); writes clear this process's copy.
    """
    if now is not None:
        return _load_notices(now)
    cached = cache.get(NOTICE_CACHE_KEY)
    if cached is not None:
        current = timezone.now()
        return [n for n in cached if n.ends_at > current]
    try:
        notices = _load_notices(timezone.now())
    except Exception:  # noqa: BLE001 - a banner must never break a page (e.g. before migrations)
        return []
    cache.set(NOTICE_CACHE_KEY, notices, NOTICE_CACHE_SECONDS)
    return notices


def notice_history(limit: int = 30) -> list[ServiceNotice]:
    """The public record of service notices, newest first: every notice already shown (planned maintenance
    appears from its ``show_from``), active or ended, never a withdrawn one (the status page's history and the
    Atom feed; Permendagri 53/2021 Lampiran 2.5.2 d)."""
    now = timezone.now()
    return list(
        ServiceNotice.objects.filter(withdrawn_at__isnull=True)
        .filter(Q(show_from__isnull=True) | Q(show_from__lte=now))
        .order_by("-starts_at", "-pk")[:limit]
    )


def forget_notice_cache() -> None:
    cache.delete(NOTICE_CACHE_KEY)


def notices_for_staff():
    return ServiceNotice.objects.select_related("created_by").order_by("-starts_at", "-pk")


def notices_for_staff_with_tenders(limit: int = 100) -> list[tuple[ServiceNotice, list[PublicTender]]]:
    """The staff's notice list; an active notice with the tenders whose bid deadline it covers."""
    return [
        (n, tenders_closing_during(n.starts_at, n.ends_at) if n.withdrawn_at is None else [])
        for n in notices_for_staff()[:limit]
    ]


# --- home ------------------------------------------------------------------------------------------------


def open_tenders(*, now: dt.datetime, limit: int = 20) -> list[dict[str, Any]]:
    """Tenders still taking bids, closing soonest first."""
    from .search import LIST_FIELDS

    return list(
        PublicTender.objects.filter(phase=Phase.ANNOUNCED, closing_at__gt=now)
        .order_by("closing_at", "sort_key")
        .values(*LIST_FIELDS)[:limit]
    )


def key_statistics(*, year: int) -> dict[str, Any]:
    """Counts and totals for the home page; cached (2 minutes)."""
    key = f"public:stats:{year}"
    stats = cache.get(key)
    if stats is None:
        rows = (
            PublicTender.objects.filter(fiscal_year=year)
            .values("phase")
            .annotate(n=Count("id"), hps=Sum("hps"), contracts=Sum("contract_value"))
        )
        by_phase: dict[str, int] = {r["phase"]: r["n"] for r in rows}
        stats = {
            "year": year,
            "tenders": sum(r["n"] for r in rows),
            "hps_total": sum((r["hps"] or 0) for r in rows),
            "in_progress": by_phase.get(Phase.ANNOUNCED, 0),
            "awarded": sum(by_phase.get(p, 0) for p in (Phase.AWARDED, Phase.CONTRACTED)),
            "contract_total": sum((r["contracts"] or 0) for r in rows),
            "failed": sum(by_phase.get(p, 0) for p in (Phase.FAILED, Phase.CANCELLED)),
        }
        cache.set(key, stats, STATS_CACHE_SECONDS)
    return stats


def tenders_in_progress_by_stage(*, now: dt.datetime) -> list[dict[str, Any]]:
    """Tenders in progress, all fiscal years, counted by public stage (home page; cached 2 minutes).

    Same stage rules as the search filter `tahap`: announced and still taking bids (OPEN), announced and closed
    (EVALUATION), winner announced but no contract yet (AWARDED).
    """
    key = "public:in-progress-by-stage:v1"
    counts = cache.get(key)
    if counts is None:
        # three COUNT(*) on the (phase, closing_at) index: index-only scans (25 ms at 1,000,000 tenders, where
        # one aggregate with FILTERs read the table: 1.6 s)
        announced = PublicTender.objects.filter(phase=Phase.ANNOUNCED)
        counts = {
            "open": announced.filter(closing_at__gt=now).count(),
            "evaluation": announced.filter(Q(closing_at__lte=now) | Q(closing_at__isnull=True)).count(),
            "awarded": PublicTender.objects.filter(phase=Phase.AWARDED).count(),
        }
        cache.set(key, counts, STATS_CACHE_SECONDS)
    return [
        {"phase": Phase.OPEN, "label": Phase.OPEN.label, "count": counts["open"]},
        {"phase": Phase.EVALUATION, "label": Phase.EVALUATION.label, "count": counts["evaluation"]},
        {"phase": Phase.AWARDED, "label": Phase.AWARDED.label, "count": counts["awarded"]},
    ]


def filter_choices() -> dict[str, Any]:
    """Agencies and work units for the search filters, as pre-rendered <option> lists (cached 5 minutes)."""
    key = "public:filter-choices:v2"
    choices = cache.get(key)
    if choices is None:
        from lentera.accounts.models import Agency, WorkUnit

        agencies = list(Agency.objects.order_by("name").values_list("code", "name")[:1000])
        units: dict[str, list[tuple[int, str]]] = {}
        for pk, name, agency_code in (
            WorkUnit.objects.filter(kind=WorkUnit.Kind.SATKER)
            .order_by("name")
            .values_list("pk", "name", "agency__code")[:20000]
        ):
            units.setdefault(agency_code, []).append((pk, name))
        choices = {
            "agency_options": str(format_html_join("", '<option value="{}">{}</option>', agencies)),
            # work units are listed for the chosen instansi only (keeps the page small without JavaScript)
            "unit_options": {
                code: str(format_html_join("", '<option value="{}">{}</option>', rows))
                for code, rows in units.items()
            },
        }
        cache.set(key, choices, 300)
    return choices


def coded_options() -> dict[str, str]:
    """The fixed filter lists (metode, jenis, tahap, sumber dana, tahun) as pre-rendered <option> lists in the
    current language (cached per language, 5 minutes): rendering ~45 options through the template on every
    search page cost more than the search itself."""
    from django.utils.translation import get_language

    from lentera.planning.models import FundingSource, Method, ProcurementType

    from .labels import PUBLIC_PHASES

    this_year = timezone.localdate().year
    key = f"public:coded-options:v1:{get_language()}:{this_year}"
    options = cache.get(key)
    if options is None:

        def render(pairs) -> str:
            return str(
                format_html_join("", '<option value="{}">{}</option>', ((c, str(n)) for c, n in pairs))
            )

        options = {
            "methods": render(Method.choices),
            "types": render(ProcurementType.choices),
            "phases": render(PUBLIC_PHASES),
            "funding": render(FundingSource.choices),
            "years": render((y, y) for y in range(this_year + 1, this_year - 12, -1)),
        }
        cache.set(key, options, 300)
    return options


def mark_selected(options_html: str, value) -> str:
    """Pre-rendered <option> list (cached) with the chosen value marked, without re-rendering every option."""
    if value in (None, ""):
        return options_html
    needle = str(format_html('<option value="{}">', value))
    return options_html.replace(needle, needle[:-1] + " selected>", 1)


# --- tender page -----------------------------------------------------------------------------------------


def public_tender(code: str) -> PublicTender | None:
    return PublicTender.objects.filter(code=code).first()


def tender_page_facts(row: PublicTender, *, now: dt.datetime | None = None) -> dict[str, Any] | None:
    """The public facts of one tender; None when only the search row exists (bench data).

    Cached for 5 minutes under the digest of the facts (`facts_digest`, refreshed whenever a release is published
    or `opendata_sync` runs); the current stage, which only the clock moves, is recomputed on every call.
    """
    if row.tender_pk is None:
        return None
    facts = _cached_facts(row)
    if facts is None:
        return None
    return with_current_stage(facts, now or timezone.now())


def with_current_stage(facts: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """The schedule's current stage at `now` (tendering's rule: the last stage whose window has started)."""
    facts = dict(facts)
    if facts.get("status") in ("FAILED", "CANCELLED", "COMPLETED"):
        stage = facts["status"]
    else:
        started = [e["stage"] for e in facts.get("schedule", []) if e["starts_at"] <= now]
        stage = started[-1] if started else facts.get("stage", "")
    facts["stage"] = stage
    facts["schedule"] = [dict(e, current=e["stage"] == stage) for e in facts.get("schedule", [])]
    return facts


def _cached_facts(row: PublicTender) -> dict[str, Any] | None:
    key = f"public:tender:{row.code}:{row.facts_digest or row.updated_at.timestamp()}"
    facts = cache.get(key)
    if facts is None:
        Tender = sources.tender_model()
        tender = (
            Tender.objects.select_related(
                "package__work_unit__agency", "pokja__ukpbj__agency", "procurement_official"
            )
            .filter(pk=row.tender_pk, announced_at__isnull=False)
            .first()
            if Tender and row.tender_pk is not None
            else None
        )
        if tender is None:
            return None
        facts = sources.tender_facts(tender)
        cache.set(key, facts, 300)
    return facts


# --- RUP, winners, contracts, blacklist, providers ---------------------------------------------------------


def winners(*, after: int | None, limit: int = 25):
    qs = PublicTender.objects.filter(phase__in=[Phase.AWARDED, Phase.CONTRACTED])
    if after:
        qs = qs.filter(sort_key__lt=after)
    rows = list(qs.order_by("-sort_key").values()[: limit + 1])
    next_key = rows[limit - 1]["sort_key"] if len(rows) > limit else None
    return rows[:limit], next_key


def contracts(*, after: int | None, limit: int = 25):
    qs = PublicTender.objects.filter(phase=Phase.CONTRACTED)
    if after:
        qs = qs.filter(sort_key__lt=after)
    rows = list(qs.order_by("-sort_key").values()[: limit + 1])
    return rows[:limit], (rows[limit - 1]["sort_key"] if len(rows) > limit else None)


def blacklist(*, today: dt.date):
    """Blacklist entries in force (public: name, decree, violation category, period; the NPWP masked)."""
    from django.apps import apps

    try:
        Entry = apps.get_model("providers", "BlacklistEntry")
    except LookupError:
        return []
    return list(Entry.objects.active_on(today).order_by("-starts_on", "pk")[:500])


def provider_public(pk: int) -> dict[str, Any] | None:
    """Public facts of a provider: name, city, contracts won (never NPWP, address, contacts)."""
    from lentera.providers.models import Provider

    provider = Provider.objects.filter(pk=pk).only("pk", "name", "city", "province", "business_form").first()
    if provider is None:
        return None
    won = list(
        PublicTender.objects.filter(winner_provider_id=pk)
        .order_by("-sort_key")
        .values("code", "title", "agency_name", "fiscal_year", "winner_value", "contract_value", "phase")[
            :100
        ]
    )
    totals = PublicTender.objects.filter(winner_provider_id=pk).aggregate(
        n=Count("id"), value=Sum("contract_value")
    )
    return {"provider": provider, "won": won, "won_count": totals["n"], "contract_total": totals["value"]}


def agency_overview(*, agency_code: str, now: dt.datetime) -> dict[str, list[tuple[str, Any]]]:
    """An instansi's published tenders by public stage and their HPS by selection method, from the public
    search table (public facts only; for the head of UKPBJ's dashboard charts; cached 2 minutes)."""
    from django.db.models import Count, Sum

    key = f"public:agency-overview:v1:{agency_code}"
    data = cache.get(key)
    if data is None:
        qs = PublicTender.objects.filter(agency_code=agency_code)
        by_phase = dict(qs.order_by().values_list("phase").annotate(n=Count("sort_key")))
        announced = qs.filter(phase=Phase.ANNOUNCED)
        open_now = announced.filter(closing_at__gt=now).count()
        stages = [
            (Phase.OPEN, open_now),
            (Phase.EVALUATION, by_phase.get(Phase.ANNOUNCED, 0) - open_now),
            *(
                (p, by_phase.get(p, 0))
                for p in (Phase.AWARDED, Phase.CONTRACTED, Phase.FAILED, Phase.CANCELLED)
            ),
        ]
        by_method = list(
            qs.order_by().values_list("method").annotate(total=Sum("hps")).order_by("-total")[:12]
        )
        data = {
            "stages": [(str(phase), n) for phase, n in stages],
            "methods": [(m, total or 0) for m, total in by_method],
        }
        cache.set(key, data, STATS_CACHE_SECONDS)
    return data


def notice_or_none(pk: int) -> ServiceNotice | None:
    """A service notice for the LPSE staff editing it (any state)."""
    return ServiceNotice.objects.filter(pk=pk).first()


def contract_out(contract: dict[str, Any] | None) -> dict[str, Any] | None:
    """The contract's public facts as the public API gives them (the same as the tender page's "Kontrak"
    section): codes, not labels; no internal keys."""
    if not contract:
        return None
    order = contract.get("start_order")
    advance = contract.get("advance")
    payments = (
        [{"kind": "ADVANCE", "sequence": None, "paid_on": advance["paid_on"], "net": advance["amount"]}]
        if advance
        else []
    )
    payments += [
        {
            "kind": "TERMIN",
            "sequence": p["sequence"],
            "paid_on": p["paid_on"],
            "net": p["net"],
            "progress_percent": p["progress_percent"],
        }
        for p in contract.get("payments", [])
    ]
    keys = (
        "sequence",
        "number",
        "kind",
        "date",
        "rationale",
        "value_before",
        "value_after",
        "end_before",
        "end_after",
    )
    return {
        "number": contract["number"],
        "state": contract["state"],
        "value": contract["value"],
        "original_value": contract["original_value"],
        "date_signed": contract["date_signed"],
        "start_on": contract["period"][0],
        "end_on": contract["period"][1],
        "start_order": {k: order[k] for k in ("kind", "number", "issued_on", "start_on")} if order else None,
        "progress_percent": contract.get("progress_percent"),
        "amendments": [{k: a[k] for k in keys} for a in contract.get("amendments", [])],
        "payments": payments,
    }


def notice_rows_for_report(start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
    """Service notices whose window overlaps [start, end), withdrawn ones included, as plain rows (no author):
    the history lentera.reporting counts through lentera.core.notices."""
    qs = ServiceNotice.objects.filter(starts_at__lt=end, ends_at__gt=start).order_by("starts_at", "pk")
    return [dict(r) for r in qs.values("id", "kind", "severity", "starts_at", "ends_at", "withdrawn_at")]
