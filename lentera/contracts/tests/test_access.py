"""The role x action matrix for every contracts page and API operation (lentera.testing.run_matrix): a role not
allowed gets 401/403 (or the login page) and the database does not change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lentera.contracts import selectors
from lentera.core.roles import Role
from lentera.tendering.selectors import READ_ALL_ROLES
from lentera.tendering.tests.factories import build, create_tender
from lentera.testing import Action, run_matrix
from lentera.testing_routes import denied

PPK = frozenset({Role.PPK})
PROVIDER = frozenset({Role.PENYEDIA})
PARTIES = PPK | PROVIDER
READERS = PARTIES | READ_ALL_ROLES
#: ids that do not exist: allowed roles get 404 (not a refusal), the others are refused before any lookup
LETTER, CONTRACT, PAYMENT, PROVIDER_ID, FORCE_MAJEURE = 990001, 990002, 990003, 990004, 990005
PDF_RECORD, DOCUMENT = 990006, 990007
#: staff who read a provider's rating history (never a provider)
RATING_READERS = frozenset(selectors.RATING_READERS)


@pytest.fixture
def world(at_setup, users_by_role):
    tw = build(providers=1)
    return tw, create_tender(tw)


def web_actions(t, package_id):
    def get(name, *args):
        url = reverse(f"contracts:{name}", args=args)
        return lambda c, h: c.get(url)

    def post(name, *args, data=None):
        url = reverse(f"contracts:{name}", args=args)
        return lambda c, h: c.post(url, data or {})

    return [
        Action("award_letter.get", PPK, get("award_letter", t.pk)),
        Action("award_letter.post", PPK, post("award_letter", t.pk, data={"sppbj-number": "x"})),
        Action("contract.get", PPK, get("contract", t.pk)),
        Action("contract.post", PPK, post("contract", t.pk, data={"kontrak-number": "x"})),
        Action("record.get", PPK, get("record", package_id)),
        Action("record.post", PPK, post("record", package_id, data={"number": "x"})),
        Action("index", READERS, get("index")),
        Action("letter", READERS, get("letter", LETTER)),
        Action("letter_accept", PROVIDER, post("letter_accept", LETTER)),
        Action("letter_refuse", PROVIDER, post("letter_refuse", LETTER, data={"reason": "OTHER"})),
        Action("letter_reserve", PPK, post("letter_reserve", LETTER, data={"number": "x"})),
        Action("guarantee", PARTIES, post("guarantee", LETTER, data={"issuer": "x"})),
        Action("detail", READERS, get("detail", CONTRACT)),
        Action("start", PPK, post("start", CONTRACT, data={"number": "x"})),
        Action("advance", PPK, post("advance", CONTRACT, data={"amount": "1"})),
        Action("invoice", PROVIDER, post("invoice", CONTRACT, data={"amount": "1"})),
        Action("amend", PPK, post("amend", CONTRACT, data={"number": "x"})),
        Action("force_majeure", PPK, post("force_majeure", CONTRACT, data={"event": "x"})),
        Action("force_majeure_evidence", READERS, get("force_majeure_evidence", FORCE_MAJEURE)),
        Action("warn", PPK, post("warn", CONTRACT, data={"number": "x"})),
        Action("grace", PPK, post("grace", CONTRACT, data={"granted": "False", "reason": "x"})),
        Action("guarantee_extend", PARTIES, post("guarantee_extend", CONTRACT, data={"number": "x"})),
        Action("terminate", PPK, post("terminate", CONTRACT, data={"ground": "DEFAULT"})),
        Action("invoice_approve", PPK, post("invoice_approve", PAYMENT)),
        Action("invoice_reject", PPK, post("invoice_reject", PAYMENT, data={"note": "x"})),
        Action("invoice_pay", PPK, post("invoice_pay", PAYMENT, data={"paid_on": "2026-08-01"})),
        Action("handover", PPK, post("handover", CONTRACT, data={"number": "x"})),
        Action("rate", PPK, post("rate", CONTRACT, data={"comments": "x"})),
        Action("rating_respond", PROVIDER, post("rating_respond", CONTRACT, data={"response": "x"})),
        Action("delivery", PARTIES, post("delivery", CONTRACT, data={"name": "x"})),
        Action("provider_ratings", RATING_READERS, get("provider_ratings", PROVIDER_ID)),
        Action("pdf_create", PARTIES, post("pdf_create", CONTRACT, data={"kind": "SUMMARY"})),
        Action("pdf_download", READERS, get("pdf_download", PDF_RECORD)),
        Action("terms", PPK, post("terms", CONTRACT, data={"contract_type": "LUMP_SUM"})),
        Action("signed_scan", PPK, post("signed_scan", CONTRACT)),
        Action("document_download", READERS, get("document_download", DOCUMENT)),
    ]


def api_actions(t, package_id):
    base = "/api/v1/contracts"

    def call(method, path, body=None):
        def run(c, h):
            fn = getattr(c, method)
            return fn(base + path, data=body or {}, content_type="application/json", **h)

        return run

    return [
        Action(
            "api.record",
            PPK,
            call(
                "post",
                f"/packages/{package_id}/record",
                {
                    "reason": "x",
                    "value": "1",
                    "start_on": "2026-07-01",
                    "end_on": "2026-07-02",
                    "number": "x",
                },
            ),
            api=True,
        ),
        Action(
            "api.award_letter",
            PPK,
            call("post", f"/tenders/{t.pk}/award-letter", {"number": "x", "issued_on": "2026-08-01"}),
            api=True,
        ),
        Action(
            "api.contract",
            PPK,
            call(
                "post",
                f"/tenders/{t.pk}/contract",
                {
                    "number": "x",
                    "contract_type": "LUMP_SUM",
                    "signed_on": "2026-08-01",
                    "start_on": "2026-08-01",
                    "end_on": "2026-09-01",
                },
            ),
            api=True,
        ),
        Action("api.list", READERS, call("get", "/"), api=True),
        Action("api.letter", READERS, call("get", f"/award-letters/{LETTER}"), api=True),
        Action("api.letter_accept", PROVIDER, call("post", f"/award-letters/{LETTER}/accept"), api=True),
        Action(
            "api.letter_refuse",
            PROVIDER,
            call("post", f"/award-letters/{LETTER}/refuse", {"reason": "OTHER", "explanation": "x"}),
            api=True,
        ),
        Action(
            "api.letter_reserve",
            PPK,
            call(
                "post",
                f"/award-letters/{LETTER}/reserve",
                {"number": "x", "issued_on": "2026-08-01", "reason": "x"},
            ),
            api=True,
        ),
        Action(
            "api.guarantee",
            PARTIES,
            call(
                "put",
                f"/award-letters/{LETTER}/guarantee",
                {
                    "issuer": "x",
                    "number": "x",
                    "amount": "1",
                    "valid_from": "2026-08-01",
                    "valid_until": "2026-09-01",
                },
            ),
            api=True,
        ),
        Action("api.detail", READERS, call("get", f"/{CONTRACT}"), api=True),
        Action(
            "api.start",
            PPK,
            call(
                "post",
                f"/{CONTRACT}/start",
                {"number": "x", "issued_on": "2026-08-01", "start_on": "2026-08-01"},
            ),
            api=True,
        ),
        Action(
            "api.advance",
            PPK,
            call(
                "post",
                f"/{CONTRACT}/advance",
                {
                    "amount": "1",
                    "guarantee_issuer": "x",
                    "guarantee_number": "x",
                    "guarantee_amount": "1",
                    "guarantee_valid_until": "2026-09-01",
                    "paid_on": "2026-08-01",
                },
            ),
            api=True,
        ),
        Action(
            "api.invoice",
            PROVIDER,
            call("post", f"/{CONTRACT}/invoices", {"progress_percent": "10", "amount": "1"}),
            api=True,
        ),
        Action(
            "api.amendment",
            PPK,
            call(
                "post",
                f"/{CONTRACT}/amendments",
                {
                    "number": "x",
                    "kind": "VALUE",
                    "justification": "x",
                    "signed_on": "2026-08-01",
                    "value": "1",
                },
            ),
            api=True,
        ),
        Action("api.invoice_approve", PPK, call("post", f"/invoices/{PAYMENT}/approve", {}), api=True),
        Action(
            "api.invoice_reject", PPK, call("post", f"/invoices/{PAYMENT}/reject", {"note": "x"}), api=True
        ),
        Action(
            "api.invoice_pay",
            PPK,
            call("post", f"/invoices/{PAYMENT}/pay", {"paid_on": "2026-08-01"}),
            api=True,
        ),
        Action(
            "api.handover",
            PPK,
            call(
                "post",
                f"/{CONTRACT}/handover",
                {
                    "number": "x",
                    "handed_on": "2026-08-01",
                    "inspectors": "x",
                    "inspected_on": "2026-08-01",
                    "result": "ACCEPTED",
                },
            ),
            api=True,
        ),
        Action(
            "api.rate",
            PPK,
            call("post", f"/{CONTRACT}/rating", {"scores": {"quality": 1}, "comments": "x"}),
            api=True,
        ),
        Action(
            "api.rating_respond",
            PROVIDER,
            call("post", f"/{CONTRACT}/rating/response", {"response": "x"}),
            api=True,
        ),
        Action("api.deliveries", READERS, call("get", f"/{CONTRACT}/deliveries"), api=True),
        Action(
            "api.delivery",
            PARTIES,
            call(
                "post",
                f"/{CONTRACT}/deliveries",
                {"name": "x", "quantity": "1", "unit": "x", "unit_price": "1", "delivered_on": "2026-08-01"},
            ),
            api=True,
        ),
        Action(
            "api.provider_ratings", RATING_READERS, call("get", f"/providers/{PROVIDER_ID}/ratings"), api=True
        ),
    ]


def closing_api_actions():
    """Keadaan kahar, warnings, grace, the guarantee's extension, termination: a matrix of its own (each API call
    mints a token, and a user holds at most 20)."""
    base = "/api/v1/contracts"

    def call(method, path, body=None):
        def run(c, h):
            return getattr(c, method)(base + path, data=body or {}, content_type="application/json", **h)

        return run

    def multipart(path):
        def run(c, h):
            from django.core.files.uploadedfile import SimpleUploadedFile

            body = {
                "event": "x",
                "event_from": "2026-08-01",
                "event_until": "2026-08-02",
                "effect": "EXTEND",
                "evidence": SimpleUploadedFile("b.pdf", b"%PDF-1.4\n%%EOF\n"),
            }
            return c.post(base + path, data=body, **h)

        return run

    return [
        Action("api.closing", READERS, call("get", f"/{CONTRACT}/closing"), api=True),
        Action("api.force_majeure", PPK, multipart(f"/{CONTRACT}/force-majeure"), api=True),
        Action(
            "api.warning",
            PPK,
            call("post", f"/{CONTRACT}/warnings", {"number": "x", "issued_on": "2026-08-01", "text": "x"}),
            api=True,
        ),
        Action(
            "api.grace", PPK, call("post", f"/{CONTRACT}/grace", {"granted": False, "reason": "x"}), api=True
        ),
        Action(
            "api.guarantee_extend",
            PARTIES,
            call("post", f"/{CONTRACT}/guarantee-extension", {"valid_until": "2027-01-01"}),
            api=True,
        ),
        Action(
            "api.termination",
            PPK,
            call(
                "post",
                f"/{CONTRACT}/termination",
                {"ground": "DEFAULT", "explanation": "x", "terminated_on": "2026-08-01"},
            ),
            api=True,
        ),
    ]


@pytest.mark.django_db
def test_web_role_action_matrix(world, users_by_role):
    tw, t = world
    failures = run_matrix(web_actions(t, tw.package.pk), users_by_role)
    assert failures == [], "\n".join(failures)


API_ROUTES_REFUSED = [  # each refused in the matrix below, changing nothing (lentera.testing_routes)
    "POST /api/v1/contracts/packages/{package_id}/record",
    "POST /api/v1/contracts/tenders/{tender_id}/award-letter",
    "POST /api/v1/contracts/tenders/{tender_id}/contract",
    "GET /api/v1/contracts",
    "GET /api/v1/contracts/award-letters/{letter_id}",
    "POST /api/v1/contracts/award-letters/{letter_id}/accept",
    "POST /api/v1/contracts/award-letters/{letter_id}/refuse",
    "POST /api/v1/contracts/award-letters/{letter_id}/reserve",
    "PUT /api/v1/contracts/award-letters/{letter_id}/guarantee",
    "GET /api/v1/contracts/{contract_id}",
    "POST /api/v1/contracts/{contract_id}/start",
    "POST /api/v1/contracts/{contract_id}/advance",
    "POST /api/v1/contracts/{contract_id}/invoices",
    "POST /api/v1/contracts/{contract_id}/amendments",
    "POST /api/v1/contracts/invoices/{payment_id}/approve",
    "POST /api/v1/contracts/invoices/{payment_id}/pay",
    "POST /api/v1/contracts/invoices/{payment_id}/reject",
    "POST /api/v1/contracts/{contract_id}/handover",
    "POST /api/v1/contracts/{contract_id}/rating",
    "POST /api/v1/contracts/{contract_id}/rating/response",
    "GET /api/v1/contracts/{contract_id}/deliveries",
    "POST /api/v1/contracts/{contract_id}/deliveries",
    "GET /api/v1/contracts/providers/{provider_id}/ratings",
]


@denied(*API_ROUTES_REFUSED)
@pytest.mark.django_db
def test_api_role_action_matrix(world, users_by_role):
    from django.utils import timezone

    from lentera.accounts.models import ApiToken

    tw, t = world
    actions, failures = api_actions(t, tw.package.pk), []
    for start in range(0, len(actions), 15):  # each call mints a token; at most 20 live tokens per person
        ApiToken.objects.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        failures += run_matrix(actions[start : start + 15], users_by_role)
    assert failures == [], "\n".join(failures)


CLOSING_API_ROUTES_REFUSED = [  # the closing matrix below
    "GET /api/v1/contracts/{contract_id}/closing",
    "POST /api/v1/contracts/{contract_id}/force-majeure",
    "POST /api/v1/contracts/{contract_id}/warnings",
    "POST /api/v1/contracts/{contract_id}/grace",
    "POST /api/v1/contracts/{contract_id}/guarantee-extension",
    "POST /api/v1/contracts/{contract_id}/termination",
]


@denied(*CLOSING_API_ROUTES_REFUSED)
@pytest.mark.django_db
def test_closing_api_role_action_matrix(world, users_by_role):
    failures = run_matrix(closing_api_actions(), users_by_role)
    assert failures == [], "\n".join(failures)


@pytest.mark.django_db
def test_matrix_covers_every_contracts_url_and_operation(world):
    """A new page or operation must be added to the matrix above."""
    from lentera.contracts.web.urls import urlpatterns
    from lentera.core.api import api

    tw, t = world
    from .test_award_answer import answer_api_actions, answer_web_actions

    names = {a.name.split(".")[0] for a in web_actions(t, 1) + answer_web_actions()}
    assert {p.name for p in urlpatterns} <= names
    ops = sum(
        len(view.operations)
        for prefix, router in api._routers  # nested routers are listed too, with the contracts prefix
        if prefix.strip("/") == "contracts"
        for view in router.path_operations.values()
    )
    from .test_pdf import pdf_api_actions
    from .test_terms import terms_api_actions

    assert ops == (
        len(api_actions(t, 1))
        + len(closing_api_actions())
        + len(pdf_api_actions())
        + len(terms_api_actions())
        + len(answer_api_actions())
    )
