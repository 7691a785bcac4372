"""Reads of published OCDS data: the change feed, records, bulk packages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, cast

from django.conf import settings
from django.db.models import Max

from lentera.core.clock import db_now

from .models import Release
from .ocds import build, merge

FEED_PAGE_MAX = 500


def watermark_seconds() -> float:
    return float(getattr(settings, "LENTERA_FEED_WATERMARK_SECONDS", 2))


def publisher() -> dict[str, Any]:
    return {"name": settings.LENTERA_SITE_NAME}


def _visible_after(after: int, now: dt.datetime | None = None):
    """Releases with seq > `after` published at least the watermark ago, in publication order."""
    qs = Release.objects.filter(seq__gt=after)
    wait = watermark_seconds()
    if wait > 0:
        qs = qs.filter(published_at__lte=(now or db_now()) - dt.timedelta(seconds=wait))
    return qs.order_by("seq")


def feed_page(
    *, after: int = 0, limit: int = 100, now: dt.datetime | None = None
) -> tuple[list[Release], int]:
    """Releases with seq > `after`, in publication order, published at least the watermark ago.

    Returns (releases, next cursor). The next cursor is the last seq returned (or `after` when none): a reader
    stores it and asks again; it never skips a release (docs/opendata.md).
    """
    limit = max(1, min(limit, FEED_PAGE_MAX))
    rows = list(_visible_after(after, now).only("seq", "data")[:limit])
    return rows, (rows[-1].seq if rows else after)


def feed_page_text(*, after: int = 0, limit: int = 100) -> tuple[list[str], int]:
    """Like `feed_page`, but the releases as JSON text straight from the database (no decode/encode)."""
    from django.db.models import TextField
    from django.db.models.functions import Cast

    limit = max(1, min(limit, FEED_PAGE_MAX))
    rows = list(
        _visible_after(after).annotate(text=Cast("data", TextField())).values_list("seq", "text")[:limit]
    )
    return [text for _, text in rows], (rows[-1][0] if rows else after)


def feed_body(*, after: int = 0, limit: int = 100, base: str) -> bytes:
    """One page of the change feed as a release package, encoded, with `cursor` and `links.next`.

    The stored release texts are spliced into the package as they are (no decode/encode of every release). A
    full page (exactly `limit` releases) never changes once served (sequence numbers are final and dense at
    commit), so its whole body is cached (`LENTERA_FEED_CACHE_SECONDS`, 5 minutes); the tail page is always read fresh.
    """
    from django.core.cache import cache

    limit = max(1, min(limit, FEED_PAGE_MAX))
    key = f"opendata:feed:v2:{after}:{limit}:{base}"
    keep = int(getattr(settings, "LENTERA_FEED_CACHE_SECONDS", 300))
    body = cache.get(key) if keep > 0 else None
    if body is not None:
        return body
    texts, cursor = feed_page_text(after=after, limit=limit)
    package = build.release_package(
        [], uri=f"{base}?after={after}&limit={limit}", published=db_now(), publisher=publisher()
    )
    if texts:
        package["publishedDate"] = json.loads(texts[-1])["date"]
    package["cursor"] = cursor
    package["links"] = {"next": f"{base}?after={cursor}&limit={limit}"}
    head = json.dumps(package, ensure_ascii=False)
    body = head.replace('"releases": []', '"releases": [' + ",".join(texts) + "]", 1).encode()
    if len(texts) == limit and keep > 0:
        cache.set(key, body, keep)
    return body


def release_by_id(release_id: str) -> Release | None:
    return Release.objects.filter(release_id=release_id).first()


def releases_of(ocid: str) -> list[dict[str, Any]]:
    return list(Release.objects.filter(ocid=ocid).order_by("seq").values_list("data", flat=True))


def record_package(ocid: str, *, uri: str) -> dict[str, Any] | None:
    releases = releases_of(ocid)
    if not releases:
        return None
    return merge.record_package(
        [merge.record(releases)],
        uri=uri,
        published=releases[-1]["date"],
        publisher=publisher(),
        extensions=[build.BIDS_EXTENSION_URL],
    )


def release_package(releases: list[dict[str, Any]], *, uri: str) -> dict[str, Any]:
    now = db_now()
    package = build.release_package(releases, uri=uri, published=now, publisher=publisher())
    if releases:
        package["publishedDate"] = releases[-1]["date"]
    return package


def fiscal_years() -> list[dict[str, Any]]:
    rows = Release.objects.values("fiscal_year").annotate(top=Max("seq")).order_by("-fiscal_year")
    return cast(list[dict[str, Any]], list(rows))
