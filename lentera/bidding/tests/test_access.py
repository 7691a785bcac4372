"""Role x action matrix for every bidding page and API operation (deny by default; refusals change nothing)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lentera.accounts.tests.factories import user_with_role
from lentera.bidding.models import BidPart, BidSegment, OpeningProblem, OpeningSession
from lentera.bidding.services import tender_keys_create, upload_start
from lentera.core.roles import Role
from lentera.testing import Action, pdf, run_matrix
from lentera.testing_routes import denied

from .factories import PASSPHRASE, clock_at, give_opening_keys, make_tender, open_envelope, submit_bid

pytestmark = pytest.mark.django_db

ALL = frozenset(Role.values)
PROVIDER = frozenset({Role.PENYEDIA})
HOLDERS = frozenset({Role.POKJA, Role.KASUBAG_LPSE})
OPENING_READERS = frozenset({Role.POKJA, Role.KASUBAG_LPSE, Role.AUDITOR})
KEY_ROLES = frozenset({Role.POKJA, Role.PENGELOLA_PBJ, Role.KASUBAG_LPSE})


@pytest.fixture
def scene(media_root, settings, users_by_role):
    """An opened tender with a broken file (so a problem record exists), users bound to it per role."""
    kasubag = users_by_role[Role.KASUBAG_LPSE]
    settings.LENTERA_OPENING_WITNESS_SHARE = kasubag.user_id
    world = make_tender(members=3, providers=2)
    give_opening_keys([*world.members, kasubag])
    tender_keys_create(actor=world.members[0], tender=world.tender)
    sub = submit_bid(world, 0, files={"a.pdf": pdf(b"ISI-A" * 100)})
    submit_bid(world, 1, files={"b.pdf": pdf(b"ISI-B" * 100)})
    broken = BidSegment.objects.filter(
        part__submission__provider=world.providers[1], part__kind="FILE"
    ).first()
    path = Path(default_storage.path(broken.storage_name))
    data = bytearray(path.read_bytes())
    data[-3] ^= 1
    path.write_bytes(bytes(data))
    with clock_at(world.deadline + dt.timedelta(minutes=1)):
        open_envelope(world, members=world.members[:3])
    # a fresh draft upload for the chunk / status endpoints
    part = upload_start(
        actor=world.provider_user(0),
        tender=world.tender,
        envelope_kind="SINGLE",
        file_name="x.pdf",
        content_type="",
        size=10,
    )
    users = dict(users_by_role)
    users[Role.PENYEDIA] = world.provider_user(0)
    users[Role.POKJA] = world.members[0]
    return {
        "world": world,
        "tender": world.tender.pk,
        "sub": sub.uid,
        "file": BidPart.objects.filter(submission=sub, kind="FILE").first().uid,
        "upload": part.uid,
        "session": OpeningSession.objects.get(status="OPENED").pk,
        "problem": OpeningProblem.objects.get().pk,
        "users": users,
    }


def web_actions(s) -> list[Action]:
    t = s["tender"]

    def files():
        return {
            "offer_price": "100",
            "validity_days": "30",
            "completion_days": "30",
            "files": [SimpleUploadedFile("z.pdf", pdf(b"z"))],
        }

    return [
        Action("web: provider index", PROVIDER, lambda c, h: c.get(reverse("bidding:index"))),
        Action("web: bid room", PROVIDER, lambda c, h: c.get(reverse("bidding:bid_room", args=[t]))),
        Action(
            "web: bid submit", PROVIDER, lambda c, h: c.post(reverse("bidding:bid_submit", args=[t]), files())
        ),
        Action("web: bid withdraw", PROVIDER, lambda c, h: c.post(reverse("bidding:bid_withdraw", args=[t]))),
        Action(
            "web: receipt",
            frozenset({Role.PENYEDIA, Role.POKJA, Role.AUDITOR}),
            lambda c, h: c.get(reverse("bidding:receipt", args=[s["sub"]])),
        ),
        Action(
            "web: receipt key",
            ALL,
            lambda c, h: c.get(reverse("bidding:receipt_key")),
            anonymous_allowed=True,
        ),
        Action(
            "web: receipt key pem",
            ALL,
            lambda c, h: c.get(reverse("bidding:receipt_key_pem")),
            anonymous_allowed=True,
        ),
        Action("web: opening key page", KEY_ROLES, lambda c, h: c.get(reverse("bidding:opening_key"))),
        Action(
            "web: opening key set",
            KEY_ROLES,
            lambda c, h: c.post(
                reverse("bidding:opening_key"),
                {"new-passphrase": "Kunci-Matriks-2026", "new-passphrase_confirm": "Kunci-Matriks-2026"},
            ),
        ),
        Action("web: opening index", OPENING_READERS, lambda c, h: c.get(reverse("bidding:opening_index"))),
        Action(
            "web: opening room",
            OPENING_READERS,
            lambda c, h: c.get(reverse("bidding:opening_room", args=[t])),
        ),
        Action(
            "web: opening passphrase",
            HOLDERS,
            lambda c, h: c.post(
                reverse("bidding:opening_passphrase", args=[t, "SINGLE"]), {"passphrase": "salah-salah-salah"}
            ),
        ),
        Action(
            "web: opening record",
            OPENING_READERS,
            lambda c, h: c.get(reverse("bidding:opening_record", args=[t, s["session"]])),
        ),
        Action(
            "web: opened file",
            frozenset({Role.POKJA, Role.AUDITOR}),
            lambda c, h: c.get(reverse("bidding:part_download", args=[s["file"]])),
        ),
        Action(
            "web: problem page",
            OPENING_READERS,
            lambda c, h: c.get(reverse("bidding:problem", args=[s["problem"]])),
        ),
        Action(
            "web: problem post",
            OPENING_READERS,
            lambda c, h: c.post(
                reverse("bidding:problem", args=[s["problem"]]), {"note": "", "decision": "x"}
            ),
        ),
        Action(
            "web: problem record",
            OPENING_READERS,
            lambda c, h: c.get(reverse("bidding:problem_record", args=[s["problem"]])),
        ),
    ]


def api_actions(s) -> list[Action]:
    t, base = s["tender"], "/api/v1/bidding"

    def js(method, url, data=None):
        return lambda c, h: getattr(c, method)(url, data or {}, content_type="application/json", **h)

    return [
        Action("api: receipt key", ALL, js("get", f"{base}/receipt-key"), api=True, anonymous_allowed=True),
        Action("api: room", PROVIDER, js("get", f"{base}/tenders/{t}/room"), api=True),
        Action(
            "api: upload create",
            PROVIDER,
            js(
                "post", f"{base}/tenders/{t}/uploads", {"envelope": "SINGLE", "file_name": "q.pdf", "size": 5}
            ),
            api=True,
        ),
        Action("api: upload status", PROVIDER, js("get", f"{base}/uploads/{s['upload']}"), api=True),
        Action(
            "api: upload chunk",
            PROVIDER,
            lambda c, h: c.put(
                f"{base}/uploads/{s['upload']}/chunk?offset=0",
                b"0123456789",
                content_type="application/octet-stream",
                **h,
            ),
            api=True,
        ),
        Action(
            "api: submit",
            PROVIDER,
            js(
                "post",
                f"{base}/tenders/{t}/submission",
                {"offer_price": "100", "validity_days": 30, "completion_days": 30, "uploads": []},
            ),
            api=True,
        ),
        Action("api: withdraw", PROVIDER, js("post", f"{base}/tenders/{t}/withdrawal"), api=True),
        Action(
            "api: receipt",
            frozenset({Role.PENYEDIA, Role.POKJA, Role.AUDITOR}),
            js("get", f"{base}/submissions/{s['sub']}/receipt"),
            api=True,
        ),
        Action(
            "api: opening key",
            KEY_ROLES,
            js(
                "post",
                f"{base}/opening-key",
                {"passphrase": "Kunci-Matriks-API-2026", "passphrase_confirm": "Kunci-Matriks-API-2026"},
            ),
            api=True,
        ),
        Action("api: opening status", OPENING_READERS, js("get", f"{base}/tenders/{t}/opening"), api=True),
        Action(
            "api: opening passphrase",
            HOLDERS,
            js("post", f"{base}/tenders/{t}/opening/SINGLE/passphrase", {"passphrase": "salah-salah-salah"}),
            api=True,
        ),
        Action(
            "api: opened file",
            frozenset({Role.POKJA, Role.AUDITOR}),
            js("get", f"{base}/parts/{s['file']}/content"),
            api=True,
        ),
    ]


def test_bidding_web_matrix(scene):
    assert run_matrix(web_actions(scene), scene["users"]) == []


API_ROUTES_REFUSED = [  # each refused in the matrix below, changing nothing (lentera.testing_routes)
    "POST /api/v1/bidding/opening-key",
    "GET /api/v1/bidding/parts/{uid}/content",
    "GET /api/v1/bidding/submissions/{uid}/receipt",
    "GET /api/v1/bidding/tenders/{tender_id}/opening",
    "POST /api/v1/bidding/tenders/{tender_id}/opening/{kind}/passphrase",
    "GET /api/v1/bidding/tenders/{tender_id}/room",
    "POST /api/v1/bidding/tenders/{tender_id}/submission",
    "POST /api/v1/bidding/tenders/{tender_id}/uploads",
    "POST /api/v1/bidding/tenders/{tender_id}/withdrawal",
    "GET /api/v1/bidding/uploads/{uid}",
    "PUT /api/v1/bidding/uploads/{uid}/chunk",
]


@denied(*API_ROUTES_REFUSED)
def test_bidding_api_matrix(scene):
    assert run_matrix(api_actions(scene), scene["users"]) == []


def test_every_bidding_url_is_in_the_matrix(scene):
    from lentera.bidding.web.urls import urlpatterns

    names = {p.name for p in urlpatterns}
    covered = {
        "index",
        "bid_room",
        "bid_submit",
        "bid_withdraw",
        "receipt",
        "receipt_key",
        "receipt_key_pem",
        "opening_key",
        "opening_index",
        "opening_room",
        "opening_passphrase",
        "opening_record",
        "part_download",
        "problem",
        "problem_record",
    }
    assert names == covered
    from lentera.bidding.api.routes import router

    operations = sum(len(view.operations) for view in router.path_operations.values())
    assert operations == len(api_actions(scene))


def test_auditor_reads_opened_bids_only_for_reading(scene):
    from lentera.testing import login_client

    auditor = login_client(user_with_role(Role.AUDITOR), Role.AUDITOR)
    r = auditor.get(reverse("bidding:part_download", args=[scene["file"]]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == pdf(b"ISI-A" * 100)
    assert (
        auditor.post(
            reverse("bidding:opening_passphrase", args=[scene["tender"], "SINGLE"]),
            {"passphrase": PASSPHRASE},
        ).status_code
        == 403
    )
