"""The role x action matrix for every tendering page and API operation (lentera.testing.run_matrix): a role
not allowed gets 401/403 (or the login page) and the database does not change; anonymous visitors only read the
public pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lentera.core.roles import Role
from lentera.tendering import services
from lentera.tendering.enums import OfficialRecordKind
from lentera.testing import Action, run_matrix
from lentera.testing_routes import denied

from .factories import build, create_tender

OPER = frozenset({Role.POKJA, Role.PROCUREMENT_OFFICIAL})
POKJA = frozenset({Role.POKJA})
PROVIDER = frozenset({Role.PENYEDIA})
PPK = frozenset({Role.PPK})
PAKPA = frozenset({Role.PA, Role.KPA})
READERS = frozenset({Role.AUDITOR, Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ})
WORKSPACE = OPER | PPK | PAKPA | PROVIDER | READERS
EVERYONE = frozenset(Role.values)
MISSING = 999999


@pytest.fixture
def world(at_setup, users_by_role):
    from lentera.providers.tests.factories import make_verified_provider

    make_verified_provider(user=users_by_role[Role.PENYEDIA])
    tw = build(providers=1)
    t = create_tender(tw)
    record = services.official_record_create(
        actor=tw.chair, tender=t, kind=OfficialRecordKind.OTHER, context={"sections": []}, is_public=True
    )
    return tw, t, record


def web_actions(t, record, package_id):
    def get(name, *args):
        url = reverse(f"tendering:{name}", args=args)
        return lambda c, h: c.get(url)

    def post(name, *args, data=None):
        url = reverse(f"tendering:{name}", args=args)
        return lambda c, h: c.post(url, data or {})

    pk = t.pk
    return [
        Action("list", EVERYONE, get("list"), anonymous_allowed=True),
        Action("detail", EVERYONE, get("detail", pk), anonymous_allowed=True),
        Action("record_download", EVERYONE, get("record_download", pk, record.pk), anonymous_allowed=True),
        Action("workspace", WORKSPACE, get("workspace")),
        Action("create.get", OPER, get("create", package_id)),
        Action("create.post", OPER, post("create", package_id, data={"evaluation_method": "LOWEST_PRICE"})),
        Action("schedule.get", OPER, get("schedule", pk)),
        Action("schedule.post", OPER, post("schedule", pk, data={"reason": "x"})),
        Action("extend", OPER, post("extend", pk, data={"reason": "x"})),
        Action("document_upload", OPER, post("document_upload", pk)),
        Action("announce", OPER, post("announce", pk)),
        Action("fail", OPER, post("fail", pk, data={"reason": "x"})),
        Action("cancel", PAKPA, post("cancel", pk, data={"reason": "x"})),
        Action("retender", OPER, post("retender", pk)),
        Action("register", PROVIDER, post("register", pk)),
        Action("ask", PROVIDER, post("ask", pk, data={"text": "x"})),
        Action("answer", POKJA, post("answer", pk, MISSING, data={"answer": "x"})),
        Action("explanation_record", POKJA, post("explanation_record", pk)),
        Action("invite", OPER, post("invite", pk, data={"npwp": "1"})),
        Action("direct_offer", PROVIDER, post("direct_offer", pk, data={"price": "1"})),
        Action("evaluation", POKJA, get("evaluation", pk)),
        Action("evaluate_offer", POKJA, post("evaluate_offer", pk, MISSING)),
        Action("evaluation_decide", POKJA, post("evaluation_decide", pk)),
        Action("qualification_proof", POKJA, post("qualification_proof", pk)),
        Action("shortlist", POKJA, post("shortlist", pk)),
        Action("auction_start", POKJA, post("auction_start", pk)),
        Action("auction_bid", PROVIDER, post("auction_bid", pk, data={"price": "1"})),
        Action("auction_close", POKJA, post("auction_close", pk)),
        Action("negotiate", OPER, post("negotiate", pk, MISSING)),
        Action("winner_decide", OPER, post("winner_decide", pk)),
        Action("winner_announce", POKJA, post("winner_announce", pk)),
        Action("objection_file", PROVIDER, post("objection_file", pk, data={"text": "x"})),
        Action("objection_answer", POKJA, post("objection_answer", pk, MISSING)),
        Action("appeal_file", PROVIDER, post("appeal_file", pk)),
        Action("appeal_answer", PAKPA, post("appeal_answer", pk, MISSING)),
        Action("reevaluate", POKJA, get("reevaluate", pk)),
        Action("document_download", PROVIDER, get("document_download", pk, MISSING)),
        Action("document_view", OPER | PPK | PAKPA | READERS, get("document_view", pk, MISSING)),
    ]


def api_actions(t, package_id):
    base = "/api/v1/tendering"

    def call(method, path, body=None):
        def run(c, h):
            fn = getattr(c, method)
            if method == "get":
                return fn(base + path, **h)
            return fn(base + path, data=body or {}, content_type="application/json", **h)

        return run

    pk = t.pk
    return [
        Action("api.list", EVERYONE, call("get", "/tenders"), api=True, anonymous_allowed=True),
        Action("api.facts", EVERYONE, call("get", f"/tenders/{pk}"), api=True, anonymous_allowed=True),
        Action("api.workspace", WORKSPACE, call("get", "/workspace"), api=True),
        Action("api.create", OPER, call("post", f"/packages/{package_id}/tenders"), api=True),
        Action("api.schedule", OPER, call("put", f"/tenders/{pk}/schedule", {"windows": []}), api=True),
        Action(
            "api.extend",
            OPER,
            call(
                "post",
                f"/tenders/{pk}/extensions",
                {"stage": "BID_UPLOAD", "new_ends_at": "2026-07-30T08:00:00+07:00", "reason": "x"},
            ),
            api=True,
        ),
        Action("api.announce", OPER, call("post", f"/tenders/{pk}/announce"), api=True),
        Action("api.fail", OPER, call("post", f"/tenders/{pk}/fail", {"reason": "x"}), api=True),
        Action("api.cancel", PAKPA, call("post", f"/tenders/{pk}/cancel", {"reason": "x"}), api=True),
        Action("api.retender", OPER, call("post", f"/tenders/{pk}/retender"), api=True),
        Action("api.register", PROVIDER, call("post", f"/tenders/{pk}/registrations"), api=True),
        Action("api.ask", PROVIDER, call("post", f"/tenders/{pk}/questions", {"text": "x"}), api=True),
        Action(
            "api.answer",
            POKJA,
            call("post", f"/tenders/{pk}/questions/{MISSING}/answer", {"answer": "x"}),
            api=True,
        ),
        Action("api.invite", OPER, call("post", f"/tenders/{pk}/invitations", {"npwp": "1"}), api=True),
        Action(
            "api.direct_offer",
            PROVIDER,
            call("post", f"/tenders/{pk}/direct-offers", {"price": "1"}),
            api=True,
        ),
        Action("api.offers", OPER | READERS, call("get", f"/tenders/{pk}/offers"), api=True),
        Action(
            "api.evaluate", POKJA, call("post", f"/tenders/{pk}/offers/{MISSING}/evaluations", {}), api=True
        ),
        Action("api.decide", POKJA, call("post", f"/tenders/{pk}/evaluation-decisions", {}), api=True),
        Action(
            "api.proof",
            POKJA,
            call(
                "post",
                f"/tenders/{pk}/qualification-proofs",
                {
                    "provider_id": MISSING,
                    "held_at": "2026-07-30T08:00:00+07:00",
                    "attendees": "x",
                    "passed": True,
                    "notes": "x",
                },
            ),
            api=True,
        ),
        Action(
            "api.shortlist",
            POKJA,
            call("post", f"/tenders/{pk}/shortlist", {"results": [], "agreeing_member_ids": []}),
            api=True,
        ),
        Action("api.auction", POKJA, call("post", f"/tenders/{pk}/auction", {"rounds": []}), api=True),
        Action(
            "api.auction_bid", PROVIDER, call("post", f"/tenders/{pk}/auction/bids", {"price": "1"}), api=True
        ),
        Action("api.auction_close", POKJA, call("post", f"/tenders/{pk}/auction/close"), api=True),
        Action(
            "api.negotiate",
            OPER,
            call(
                "post",
                f"/tenders/{pk}/offers/{MISSING}/negotiation",
                {"technical_notes": "x", "agreed_price": "1"},
            ),
            api=True,
        ),
        Action("api.winner", OPER, call("post", f"/tenders/{pk}/winner", {}), api=True),
        Action("api.winner_announce", POKJA, call("post", f"/tenders/{pk}/winner/announce"), api=True),
        Action(
            "api.objection",
            PROVIDER,
            lambda c, h: c.post(f"{base}/tenders/{pk}/objections", {"text": "x"}, **h),
            api=True,
        ),
        Action(
            "api.objection_answer",
            POKJA,
            call("post", f"/tenders/{pk}/objections/{MISSING}/answer", {"answer": "x", "justified": False}),
            api=True,
        ),
        Action(
            "api.appeal",
            PROVIDER,
            call(
                "post",
                f"/tenders/{pk}/appeals",
                {
                    "text": "x",
                    "guarantee_amount": "1",
                    "guarantee_number": "x",
                    "guarantee_issuer": "x",
                    "guarantee_valid_until": "2026-12-31",
                },
            ),
            api=True,
        ),
        Action(
            "api.appeal_answer",
            PAKPA,
            call("post", f"/tenders/{pk}/appeals/{MISSING}/answer", {"answer": "x", "justified": False}),
            api=True,
        ),
        Action(
            "api.reevaluate",
            POKJA,
            call("post", f"/tenders/{pk}/reevaluation", {"windows": [], "reason": "x"}),
            api=True,
        ),
        Action(
            "api.documents",
            OPER,
            lambda c, h: c.post(f"{base}/tenders/{pk}/documents", {"title": "x"}, **h),
            api=True,
        ),
    ]


@pytest.mark.django_db
def test_web_role_action_matrix(world, users_by_role):
    tw, t, record = world
    failures = run_matrix(web_actions(t, record, tw.package.pk), users_by_role)
    assert failures == [], "\n".join(failures)


API_ROUTES_REFUSED = [  # each refused in the matrix below, changing nothing (lentera.testing_routes)
    "POST /api/v1/tendering/packages/{package_id}/tenders",
    "POST /api/v1/tendering/tenders/{tender_id}/announce",
    "POST /api/v1/tendering/tenders/{tender_id}/appeals",
    "POST /api/v1/tendering/tenders/{tender_id}/appeals/{appeal_id}/answer",
    "POST /api/v1/tendering/tenders/{tender_id}/auction",
    "POST /api/v1/tendering/tenders/{tender_id}/auction/bids",
    "POST /api/v1/tendering/tenders/{tender_id}/auction/close",
    "POST /api/v1/tendering/tenders/{tender_id}/cancel",
    "POST /api/v1/tendering/tenders/{tender_id}/direct-offers",
    "POST /api/v1/tendering/tenders/{tender_id}/documents",
    "POST /api/v1/tendering/tenders/{tender_id}/evaluation-decisions",
    "POST /api/v1/tendering/tenders/{tender_id}/extensions",
    "POST /api/v1/tendering/tenders/{tender_id}/fail",
    "POST /api/v1/tendering/tenders/{tender_id}/invitations",
    "POST /api/v1/tendering/tenders/{tender_id}/objections",
    "POST /api/v1/tendering/tenders/{tender_id}/objections/{objection_id}/answer",
    "GET /api/v1/tendering/tenders/{tender_id}/offers",
    "POST /api/v1/tendering/tenders/{tender_id}/offers/{offer_id}/evaluations",
    "POST /api/v1/tendering/tenders/{tender_id}/offers/{offer_id}/negotiation",
    "POST /api/v1/tendering/tenders/{tender_id}/qualification-proofs",
    "POST /api/v1/tendering/tenders/{tender_id}/questions",
    "POST /api/v1/tendering/tenders/{tender_id}/questions/{question_id}/answer",
    "POST /api/v1/tendering/tenders/{tender_id}/reevaluation",
    "POST /api/v1/tendering/tenders/{tender_id}/registrations",
    "POST /api/v1/tendering/tenders/{tender_id}/retender",
    "PUT /api/v1/tendering/tenders/{tender_id}/schedule",
    "POST /api/v1/tendering/tenders/{tender_id}/shortlist",
    "POST /api/v1/tendering/tenders/{tender_id}/winner",
    "POST /api/v1/tendering/tenders/{tender_id}/winner/announce",
    "GET /api/v1/tendering/workspace",
]


@denied(*API_ROUTES_REFUSED)
@pytest.mark.django_db
def test_api_role_action_matrix(world, users_by_role, monkeypatch):
    """One API token per user for the whole matrix (an account may hold at most 20 active tokens)."""
    from lentera import testing

    cache: dict = {}
    original = testing.api_headers

    def cached(user, role=None):
        if user.pk not in cache:
            cache[user.pk] = original(user)
        headers = dict(cache[user.pk])
        if role:
            headers["HTTP_X_LENTERA_ROLE"] = str(role)
        return headers

    monkeypatch.setattr(testing, "api_headers", cached)
    tw, t, _record = world
    failures = run_matrix(api_actions(t, tw.package.pk), users_by_role)
    assert failures == [], "\n".join(failures)


@pytest.mark.django_db
def test_matrix_covers_every_tendering_url_and_operation(world):
    """A new page or operation must be added to the matrix above."""
    from django.urls import get_resolver

    from lentera.core.api import api

    tw, t, record = world
    names = {a.name.split(".")[0] for a in web_actions(t, record, 1)}
    resolver = get_resolver()
    declared = {
        name.split(":")[1]
        for name in resolver.reverse_dict.keys()  # noqa: SIM118
        if isinstance(name, str) and name.startswith("tendering:")
    }
    from lentera.tendering.web.urls import urlpatterns

    declared = {p.name for p in urlpatterns}
    assert declared <= names, declared - names
    ops = 0
    for prefix, router in api._routers:
        if prefix.strip("/") == "tendering":
            for path_view in router.path_operations.values():
                ops += len(path_view.operations)
    assert ops == len(api_actions(t, 1))
