"""The change feed under concurrent writers: a reader paging by cursor never skips a release (PostgreSQL)."""

from __future__ import annotations

import json
import random
import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test import override_settings
from django.utils import timezone

from lentera.opendata import services
from lentera.opendata.models import Release
from lentera.opendata.selectors import feed_body, feed_page

WRITERS = 4
PER_WRITER = 15


def _write(n: int, delay: float) -> None:
    """Publish one release and keep the transaction open a while after the sequence number was taken."""
    ocid = f"ocds-test-W{n}"

    def make(*, release_id, date, tags):
        return {"ocid": ocid, "id": release_id, "date": date.isoformat(), "tag": tags, "n": n}

    with transaction.atomic():
        services._emit(
            ocid=ocid,
            fiscal_year=2026,
            source=f"test:{n}",
            make=make,
            tagger=lambda prev, new: (["tender"], "tender"),
        )
        time.sleep(delay)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("watermark", [0, 0.3])
@pytest.mark.parametrize("through", ["selector", "api body"])
def test_reader_never_skips_a_release_still_being_written(watermark, through):
    """Read either with `feed_page` or as the API does (`feed_body`: full pages kept encoded in the cache)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent writer threads (SQLite serialises whole transactions)")
    errors: list[BaseException] = []
    done = threading.Event()

    def writer(w: int) -> None:
        rng = random.Random(w)
        try:
            for i in range(PER_WRITER):
                _write(w * 1000 + i, rng.uniform(0, 0.05))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    seen: list[int] = []
    by_id: dict[str, int] = {}

    def read_page(after: int, limit: int) -> tuple[list[int], int]:
        if through == "selector":
            rows, cursor = feed_page(after=after, limit=limit, now=timezone.now())
            return [r.seq for r in rows], cursor
        body = json.loads(feed_body(after=after, limit=limit, base="http://testserver/feed"))
        if not by_id or any(r["id"] not in by_id for r in body["releases"]):
            by_id.update(Release.objects.values_list("release_id", "seq"))
        return [by_id[r["id"]] for r in body["releases"]], body["cursor"]

    def reader() -> None:
        cursor = 0
        try:
            with override_settings(LENTERA_FEED_WATERMARK_SECONDS=watermark):
                while True:
                    finished = done.is_set()
                    rows, cursor = read_page(cursor, 3)
                    seen.extend(rows)
                    if finished and not rows:
                        if watermark:
                            time.sleep(watermark + 0.1)
                            rows, cursor = read_page(cursor, 1000)
                            seen.extend(rows)
                        break
                    time.sleep(0.002)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
    read = threading.Thread(target=reader)
    read.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    read.join()
    assert not errors, errors
    all_seqs = list(Release.objects.order_by("seq").values_list("seq", flat=True))
    assert len(all_seqs) == WRITERS * PER_WRITER
    assert seen == all_seqs  # every release, in order, none skipped, none twice
