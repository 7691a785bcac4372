"""#12 1.9: the audit chain's entries are public: every entry's number, time, hash and previous hash; the whole
canonical body of public facts (recomputable, without the actor or the IP); nothing of the rest. The stdlib
verifier (tools/verify_audit_entries.py) passes on a good export and names the first bad entry otherwise."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from lentera.accounts.tests.factories import UserFactory
from lentera.core import audit, audit_public, request_context
from lentera.core.models import AuditEvent
from lentera.core.request_context import RequestContext
from lentera.testing import db_fingerprint

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
VERIFIER = ROOT / "tools" / "verify_audit_entries.py"
SECRET_NIK = "3201987654321012"
SECRET_BID = "4444333222.11"
SECRET_IP = "10.77.66.55"
SECRET_LOGIN = "pokja.rahasia.login"
DRAFT_PAGU = "123456789.00"
PRIVATE_ACTIONS = ["providers.registration.create", "bidding.opening.passphrase_wrong", "planning.rup.create"]


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    cache.clear()


def _verifier():
    spec = importlib.util.spec_from_file_location("verify_audit_entries", VERIFIER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _chain() -> list[AuditEvent]:
    """Public facts and private events, recorded as a staff member from an office IP."""
    user = UserFactory(user_id=SECRET_LOGIN)
    token = request_context.set_current(RequestContext(client_ip=SECRET_IP, role="POKJA", channel="web"))
    calls = [
        ("providers.registration.create", "providers.provider", {"representative_nik": SECRET_NIK}),
        (
            "public.notice.create",
            "public.servicenotice",
            {"title": "Pemeliharaan server", "summary": "1 jam"},
        ),
        ("bidding.opening.passphrase_wrong", "bidding.tenderenvelope", {"tender_id": 3, "bid": SECRET_BID}),
        (
            "planning.rup.create",
            "planning.rupitem",
            {"code": "RUP2026-9", "announced_at": None, "pagu": DRAFT_PAGU},
        ),
        (
            "tendering.official_record.create",
            "tendering.officialrecord",
            {"kind": "OPENING", "public": False},
        ),
        ("public.notice.withdraw", "public.servicenotice", None),
    ]
    try:
        with transaction.atomic():
            events = [
                audit.record(actor=user, action=a, object_type=t, object_id=i + 1, after=after)
                for i, (a, t, after) in enumerate(calls)
            ]
    finally:
        request_context.reset(token)
    return events


def _all_entries(client: Client, limit: int) -> tuple[list[dict], str]:
    entries, after, texts = [], 0, []
    while True:
        response = client.get("/api/v1/audit/entries", {"after_seq": after, "limit": limit})
        assert response.status_code == 200
        texts.append(response.content.decode())
        page = response.json()
        entries.extend(page["entries"])
        if page["next_after_seq"] is None:
            return entries, "".join(texts)
        after = page["next_after_seq"]


@pytest.mark.route("GET", "/api/v1/audit/entries", allowed=True)
def test_audit_entries_are_public_defect_1_9():
    events = _chain()
    entries, text = _all_entries(Client(), limit=4)
    # every entry, in order, without a gap, each following the one before, ending at the public head
    assert [e["seq"] for e in entries] == list(range(1, AuditEvent.objects.count() + 1))
    prev = audit.GENESIS_HASH
    for entry in entries:
        assert entry["prev_hash"] == prev
        prev = entry["hash"]
    assert Client().get("/api/v1/audit/head").json()["hash"] == prev == events[-1].hash
    by_seq = {e["seq"]: e for e in entries}
    # a public fact's hash recomputes from its published body ...
    notice = by_seq[events[1].seq]
    assert notice["public"] and notice["recomputable"]
    assert hashlib.sha256(audit.canonical_json(notice["body"])).hexdigest() == notice["hash"]
    assert notice["body"]["after"]["title"] == "Pemeliharaan server" and notice["body"]["role"] == "POKJA"
    # ... and the content of every other event is withheld: no NIK, bid data, passphrase action, draft
    for event in (events[0], events[2], events[3], events[4]):
        assert by_seq[event.seq]["body"] is None and not by_seq[event.seq]["public"]
    for secret in [SECRET_NIK, SECRET_BID, SECRET_IP, SECRET_LOGIN, DRAFT_PAGU, *PRIVATE_ACTIONS]:
        assert secret not in text
    assert not {"actor_user_id", "actor_label", "client_ip"} & set(notice["body"])


def test_public_entry_commits_to_actor_and_ip_without_showing_them():
    """Second canonical form: the actor and the IP are in the hash through a salted digest; changing them in the
    database breaks the chain, and they do not appear in the public body."""
    events = _chain()
    event = AuditEvent.objects.get(seq=events[1].seq)
    body = audit_public.entry_of(event)["body"]
    assert body["personal"] == audit.personal_digest(event) and body["v"] == 2
    assert not set(audit.PERSONAL_FIELDS) & set(body)
    event.client_ip = "10.0.0.1"
    assert audit.compute_hash(event) != event.hash
    assert audit.verify_chain().ok


def _append_form1(*, action: str, after: dict) -> AuditEvent:
    """An event as written before the second canonical form existed (canon_version empty)."""
    last = AuditEvent.objects.order_by("-seq").first()
    event = AuditEvent(
        seq=(last.seq + 1) if last else 1,
        occurred_at=dt.datetime(2026, 3, 2, 1, 2, 3, 456789, tzinfo=dt.UTC),
        actor_user_id=41,
        actor_label=SECRET_LOGIN,
        role="PPK",
        action=action,
        object_type="planning.rupitem",
        object_id="5",
        after=after,
        client_ip=SECRET_IP,
        channel="web",
        prev_hash=last.hash if last else audit.GENESIS_HASH,
    )
    event.hash = audit.compute_hash(event)
    event.save(force_insert=True)
    return event


def test_old_form_entries_still_verify_and_hide_actor_and_ip():
    old = _append_form1(action="planning.rup.update", after={"code": "RUP2026-000005", "announced_at": "x"})
    # the first form's bytes are exactly what was hashed before (docs/architecture.md, "The audit chain")
    first_form = {
        "seq": old.seq,
        "occurred_at": "2026-03-02T01:02:03.456789+00:00",
        "actor_user_id": 41,
        "actor_label": SECRET_LOGIN,
        "role": "PPK",
        "action": "planning.rup.update",
        "object_type": "planning.rupitem",
        "object_id": "5",
        "before": None,
        "after": {"code": "RUP2026-000005", "announced_at": "x"},
        "client_ip": SECRET_IP,
        "channel": "web",
        "prev_hash": old.prev_hash,
    }
    expected = json.dumps(first_form, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert old.hash == hashlib.sha256(expected).hexdigest()
    _chain()
    assert audit.verify_chain().ok
    entries, text = _all_entries(Client(), limit=1000)
    entry = entries[0]
    assert entry["public"] and not entry["recomputable"]
    assert entry["body"]["after"]["code"] == "RUP2026-000005"
    assert SECRET_IP not in text and SECRET_LOGIN not in text
    assert _verifier().verify({"entries": entries}).startswith("OK: ")


def _export(client: Client) -> dict:
    head = client.get("/api/v1/audit/head").json()
    entries, _ = _all_entries(client, limit=1000)
    return {"head": head, "entries": entries}


def _run(verifier, data: dict, capsys, *extra: str, tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code = verifier.main([str(path), *extra])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_verifier_passes_on_a_good_export_and_names_the_first_bad_entry(capsys, tmp_path):
    events = _chain()
    verifier = _verifier()
    good = _export(Client())
    assert _run(verifier, good, capsys, tmp_path=tmp_path) == (
        0,
        f"OK: {len(events)} entries without a gap, 2 public entries recomputed, 4 with content withheld; "
        f"head #{len(events)} {events[-1].hash}\n",
    )
    notice_seq = events[1].seq
    tampered = copy.deepcopy(good)
    tampered["entries"][notice_seq - 1]["body"]["after"]["title"] = "Diganti diam-diam"
    gap = copy.deepcopy(good)
    del gap["entries"][2]
    reordered = copy.deepcopy(good)
    reordered["entries"][3], reordered["entries"][4] = reordered["entries"][4], reordered["entries"][3]
    rehashed = copy.deepcopy(good)  # a private entry's hash replaced: the next one no longer follows it
    rehashed["entries"][2]["hash"] = "a" * 64
    truncated = copy.deepcopy(good)  # newest entries dropped, head kept
    truncated["entries"] = truncated["entries"][:-2]
    cases = [
        (tampered, notice_seq, "does not hash"),
        (gap, 3, "missing"),
        (reordered, 4, "out of order"),
        (rehashed, 4, "prev_hash"),
        (truncated, len(events) - 1, "head is"),
    ]
    for data, seq, words in cases:
        code, output = _run(verifier, data, capsys, tmp_path=tmp_path)
        assert code == 1 and f"BROKEN at entry #{seq}:" in output and words in output, output
    code, output = _run(verifier, good, capsys, "--expect-head", "b" * 64, tmp_path=tmp_path)
    assert code == 1 and "pinned head" in output
    assert _run(verifier, good, capsys, "--expect-head", events[2].hash, tmp_path=tmp_path)[0] == 0


def test_verifier_fetches_a_site_and_needs_only_the_standard_library(monkeypatch, tmp_path, capsys):
    events = _chain()
    verifier = _verifier()
    client = Client()

    def fetch_json(url):
        parts = urlsplit(url)
        response = client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
        assert response.status_code == 200
        return response.json()

    monkeypatch.setattr(verifier, "fetch_json", fetch_json)
    saved = tmp_path / "saved.json"
    assert verifier.main(["https://lpse.example.go.id", "--save", str(saved)]) == 0
    assert f"head #{len(events)} {events[-1].hash}" in capsys.readouterr().out
    # the saved export checks offline in a bare interpreter: no site-packages (-S), isolated (-I)
    bare = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, "-I", "-S", str(VERIFIER), str(saved)], capture_output=True, text=True, check=False
    )
    assert bare.returncode == 0, bare.stderr
    data = json.loads(saved.read_text())
    data["entries"][1]["body"]["after"]["summary"] = "2 jam"
    saved.write_text(json.dumps(data))
    bare = subprocess.run(  # noqa: S603
        [sys.executable, "-I", "-S", str(VERIFIER), str(saved)], capture_output=True, text=True, check=False
    )
    assert bare.returncode == 1 and f"#{events[1].seq}" in bare.stderr


@pytest.mark.parametrize(
    "query",
    [{"limit": 0}, {"limit": 1001}, {"after_seq": -1}, {"after_seq": "abc"}, {"limit": "1.5"}],
)
def test_audit_entries_refuse_invalid_parameters_and_change_nothing(query):
    _chain()
    before = db_fingerprint()
    response = Client().get("/api/v1/audit/entries", query)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert Client().post("/api/v1/audit/entries").status_code == 405
    assert db_fingerprint() == before


def test_audit_entries_pages_are_cacheable_keyset_pages():
    events = _chain()
    first = Client().get("/api/v1/audit/entries", {"limit": 2})
    assert "public" in first["Cache-Control"] and "max-age=3600" in first["Cache-Control"]
    assert first.json()["next_after_seq"] == 2
    last = Client().get("/api/v1/audit/entries", {"after_seq": len(events) - 1, "limit": 5})
    assert "max-age=30" in last["Cache-Control"] and last.json()["next_after_seq"] is None
    assert [e["seq"] for e in last.json()["entries"]] == [len(events)]


def test_public_facts_name_actions_that_are_recorded():
    """A renamed action would silently turn a public fact private: every listed action is one a service
    records (a literal `action="..."`, or the schedule-change and tender-closing f-strings)."""
    from lentera.tendering.enums import TenderStatus
    from lentera.tendering.models import ScheduleChange

    source = "\n".join(p.read_text() for p in (ROOT / "lentera").rglob("*.py") if "tests" not in p.parts)
    recorded = set(re.findall(r'action="([a-z_.]+)"', source))
    recorded |= {f"tendering.schedule.{k.lower()}" for k in ScheduleChange.Kind.values}
    recorded |= {f"tendering.tender.{s.lower()}" for s in TenderStatus.values}
    assert set(audit_public.PUBLIC_FACTS) - recorded == set()


def test_audit_entries_page_in_indonesian_and_english_links_public_objects():
    from lentera.opendata import services as opendata
    from lentera.opendata.tests import scenario
    from lentera.planning.tests.factories import build_world, rup_item

    item = rup_item(build_world())  # announced at once: the APBD of 2026 is agreed
    _, unit, _ = scenario.org()
    tender = scenario.tender(unit=unit, title="Pembangunan Jembatan Desa Sukamaju")
    opendata.opendata_sync()
    with transaction.atomic():
        announce = audit.record(
            actor=None, action="tendering.tender.announce", obj=tender, after={"code": "x"}
        )
    events = _chain()
    page = Client().get("/transparansi/audit/entri/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Entri rantai audit" in html and "Konten disembunyikan" in html
    assert f'href="/publik/rup/{item.code}/"' in html
    assert f'href="/pengadaan/{tender.code}/"' in html and f'id="entri-{announce.seq}"' in html
    for secret in [SECRET_NIK, SECRET_BID, SECRET_IP, SECRET_LOGIN, *PRIVATE_ACTIONS[:2]]:
        assert secret not in html
    english = Client()
    english.cookies["django_language"] = "en"
    html_en = english.get("/transparansi/audit/entri/", {"setelah": events[0].seq - 1}).content.decode()
    assert "Audit chain entries" in html_en and "Content withheld" in html_en
    assert f'id="entri-{events[0].seq}"' in html_en and f'id="entri-{announce.seq}"' not in html_en
    # a bad page number shows the first page; the head page and the footer link here
    assert (
        f'id="entri-{announce.seq}"'
        in Client().get("/transparansi/audit/entri/?setelah=abc").content.decode()
    )
    assert 'href="/transparansi/audit/entri/"' in Client().get("/transparansi/audit/").content.decode()


def test_official_record_entry_is_public_only_when_the_record_is(settings, tmp_path):
    """The berita acara's audit event says whether the record was filed as public; only those entries are."""
    from lentera.tendering import services
    from lentera.tendering.enums import OfficialRecordKind
    from lentera.tendering.tests.factories import SETUP_AT, build, clock, create_tender
    from lentera.testing import use_storage

    use_storage(settings, tmp_path)
    with clock(SETUP_AT):
        tw = build(providers=1)
        tender = create_tender(tw)
        made = {
            public: services.official_record_create(
                actor=tw.chair, tender=tender, kind=OfficialRecordKind.OTHER, context={}, is_public=public
            )
            for public in (True, False)
        }
    events = {
        public: AuditEvent.objects.get(action="tendering.official_record.create", object_id=str(record.pk))
        for public, record in made.items()
    }
    assert audit_public.is_public_fact(events[True]) and not audit_public.is_public_fact(events[False])
    assert audit_public.entry_of(events[False])["body"] is None


def test_full_pages_are_served_from_the_cache_and_the_last_page_fresh(settings, django_assert_num_queries):
    settings.LENTERA_FEED_CACHE_SECONDS = 300
    _chain()
    url = "/api/v1/audit/entries"
    first = Client().get(url, {"limit": 3}).content
    with django_assert_num_queries(0):
        assert Client().get(url, {"limit": 3}).content == first
    Client().get(url, {"after_seq": 3, "limit": 10})
    with transaction.atomic():
        audit.record(actor=None, action="test.append", object_type="x", object_id=1)
    tail = Client().get(url, {"after_seq": 3, "limit": 10}).json()["entries"]
    assert [e["seq"] for e in tail] == [4, 5, 6, 7]
