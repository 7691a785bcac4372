"""The role x action matrix for every providers page and API operation: refused calls change nothing."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from lentera.accounts.tests.factories import WorkUnitFactory, user_with_role
from lentera.core.roles import Role
from lentera.providers import services
from lentera.providers.models import Document, IdentityChange, VerificationRound
from lentera.providers.tests.factories import (
    VALID_NIK,
    make_npwp,
    make_verified_provider,
    registration_data,
    submitted_applicant,
    upload,
)
from lentera.providers.tokens import make_applicant_token, make_email_token
from lentera.testing import Action, run_matrix
from lentera.testing_routes import denied

pytestmark = pytest.mark.django_db

ALL = frozenset(Role.values)
NOBODY: frozenset[str] = frozenset()
PROVIDER = frozenset({Role.PENYEDIA})
VERIFIER = frozenset({Role.VERIFIKATOR})
ARCHIVE = frozenset({Role.VERIFIKATOR, Role.SYSADMIN, Role.ADMIN_UKPBJ})
STAFF_ADMIN = frozenset({Role.SYSADMIN, Role.ADMIN_UKPBJ})
STATUS = ARCHIVE
#: A supporting document of an identity change: the provider's own user (PENYEDIA here) and the archive roles.
IDENTITY_DOCUMENT = ARCHIVE | PROVIDER
BLACKLIST = frozenset({Role.VERIFIKATOR, Role.ADMIN_UKPBJ, Role.SYSADMIN, Role.PA, Role.KPA})
_seq = itertools.count(1)


@pytest.fixture
def world(users_by_role):
    provider = make_verified_provider(user=users_by_role[Role.PENYEDIA])
    licence = services.section_save(
        actor=provider.account,
        provider=provider,
        section="pengurus",
        data={"name": "Siti", "position": "Direktur", "nik": VALID_NIK},
    )
    applicant, round_ = submitted_applicant()
    # The UKPBJ admin manages staff of its own agency (accounts' scope rule): put the staff there.
    ukpbj_unit = users_by_role[Role.ADMIN_UKPBJ].role_assignments.get().work_unit
    unit = WorkUnitFactory(agency=ukpbj_unit.agency)
    admin = users_by_role[Role.SYSADMIN]
    staff = services.staff_register(
        actor=admin,
        user_id="staf.matriks",
        full_name="Staf Matriks",
        email="staf.matriks@kab.example.go.id",
        role=Role.PPK,
        work_unit=unit,
        decree_number="1/SK/2026",
        decree_date=dt.date(2026, 1, 2),
        file=upload(),
    )
    target = user_with_role(Role.PPK, work_unit=unit)
    change = services.provider_update_identity(
        actor=provider.account,
        provider=provider,
        data={"name": "PT Matriks Nama Baru"},
        documents=[("AKTA_PERUBAHAN", upload())],
    ).change
    assert change is not None
    return {
        "change": change,
        "change_doc": change.documents.get(),
        "provider": provider,
        "row": licence,
        "applicant": applicant,
        "round": round_,
        "doc": round_.documents.first(),
        "staff": staff,
        "unit": unit,
        "target": target,
        "applicant_token": make_applicant_token(applicant.account),
        "pa": users_by_role[Role.PA],
    }


def _checks(round_: VerificationRound) -> dict:
    return {f"match_{d.pk}": "yes" for d in round_.documents.all()} | {"approve": "1"}


def _signup_form() -> dict:
    n = next(_seq)
    return {
        "user_id": f"matriks{n}",
        "full_name": "Calon",
        "password1": "Penyedia-Kuat-2026",
        "password2": "Penyedia-Kuat-2026",
        "business_form": "CV",
        "name": f"CV Matriks {n}",
        "npwp": make_npwp(),
        "address": "Jl. 1",
        "city": "Kota",
        "province": "Prov",
        "representative_name": "Calon",
    }


def _blacklist_form(w) -> dict:
    today = dt.date.today().isoformat()
    return {
        "npwp": make_npwp(),
        "provider_name": "CV X",
        "decree_number": f"DH/{next(_seq)}",
        "decree_date": today,
        "category": "WITHDRAWAL",
        "violation": "Mundur",
        "starts_on": today,
        "requested_by": w["pa"].pk,
    }


def web_actions(w) -> list[Action]:
    r = reverse
    row = w["row"]
    return [
        # Public pages.
        Action("sign-up page", ALL, lambda c, h: c.get(r("providers:signup")), anonymous_allowed=True),
        Action(
            "sign-up: send link",
            ALL,
            lambda c, h: c.post(r("providers:signup"), {"email": f"m{next(_seq)}@x.id"}),
            anonymous_allowed=True,
        ),
        Action(
            "sign-up: account and profile",
            ALL,
            lambda c, h: c.post(
                r("providers:signup_account", args=[make_email_token(f"a{next(_seq)}@x.id")]), _signup_form()
            ),
            anonymous_allowed=True,
        ),
        Action(
            "applicant link page",
            ALL,
            lambda c, h: c.get(r("providers:applicant_link")),
            anonymous_allowed=True,
        ),
        Action(
            "applicant link from e-mail",
            ALL,
            lambda c, h: c.get(r("providers:applicant_enter", args=[w["applicant_token"]])),
            anonymous_allowed=True,
        ),
        Action("public blacklist", ALL, lambda c, h: c.get(r("providers:blacklist")), anonymous_allowed=True),
        # The applicant's own pages need the applicant session, which no role gives.
        Action("applicant home without session", NOBODY, lambda c, h: c.get(r("providers:applicant_home"))),
        Action(
            "applicant submit without session", NOBODY, lambda c, h: c.post(r("providers:applicant_submit"))
        ),
        Action(
            "applicant form without session",
            NOBODY,
            lambda c, h: c.get(r("providers:applicant_form", args=["pendaftaran"])),
        ),
        Action(
            "applicant document without session",
            NOBODY,
            lambda c, h: c.get(r("providers:applicant_document", args=[w["doc"].pk])),
        ),
        # The provider's own profile.
        Action("profile", PROVIDER, lambda c, h: c.get(r("providers:profile"))),
        Action(
            "identity edit",
            PROVIDER,
            lambda c, h: c.post(
                r("providers:profile_identity"),
                {"name": "PT M", "address": "Jl", "city": "K", "province": "P", "representative_name": "S"},
            ),
        ),
        Action(
            "section add",
            PROVIDER,
            lambda c, h: c.post(
                r("providers:section_add", args=["peralatan"]),
                {"name": "Ekskavator", "quantity": 1, "ownership": "OWNED"},
            ),
        ),
        Action(
            "section edit page",
            PROVIDER,
            lambda c, h: c.get(r("providers:section_edit", args=["pengurus", row.pk])),
        ),
        Action(
            "section delete",
            PROVIDER,
            lambda c, h: c.post(r("providers:section_delete", args=["pengurus", row.pk])),
        ),
        Action("documents page", PROVIDER, lambda c, h: c.get(r("providers:documents"))),
        Action(
            "document new version",
            PROVIDER,
            lambda c, h: c.post(
                r("providers:documents"),
                {
                    "kind": "AKTA_PERUBAHAN",
                    "number": "8",
                    "issued_on": "2025-01-02",
                    "issuer": "N",
                    "file": upload(),
                },
            ),
        ),
        Action("documents submit", PROVIDER, lambda c, h: c.post(r("providers:submit"))),
        Action("form PDF", PROVIDER, lambda c, h: c.get(r("providers:form", args=["pendaftaran"]))),
        # Identity changes of the verified provider (a pending rename with one document).
        Action("identity changes page", PROVIDER, lambda c, h: c.get(r("providers:identity_changes"))),
        Action(
            "identity change: add document",
            PROVIDER,
            lambda c, h: c.post(r("providers:identity_changes"), {"kind": "KTP", "file": upload()}),
        ),
        Action("identity queue", VERIFIER, lambda c, h: c.get(r("providers:identity_queue"))),
        Action(
            "identity review",
            VERIFIER,
            lambda c, h: c.get(r("providers:identity_review", args=[w["change"].pk])),
        ),
        Action(
            "identity document inline",
            IDENTITY_DOCUMENT,
            lambda c, h: c.get(r("providers:identity_document", args=[w["change_doc"].pk])),
        ),
        Action(
            "identity approve",
            VERIFIER,
            lambda c, h: c.post(r("providers:identity_review", args=[w["change"].pk]), {"approve": "1"}),
        ),
        Action(
            "identity change withdraw",
            PROVIDER,
            lambda c, h: c.post(r("providers:identity_change_withdraw")),
        ),
        # Verification and archive.
        Action("verification queue", VERIFIER, lambda c, h: c.get(r("providers:queue"))),
        Action(
            "verification round", VERIFIER, lambda c, h: c.get(r("providers:round", args=[w["round"].pk]))
        ),
        Action(
            "verification approve",
            VERIFIER,
            lambda c, h: c.post(r("providers:round", args=[w["round"].pk]), _checks(w["round"])),
        ),
        Action("document inline", ARCHIVE, lambda c, h: c.get(r("providers:document", args=[w["doc"].pk]))),
        Action("my archive", ALL, lambda c, h: c.get(r("providers:archive_mine"))),
        Action("archive search", ARCHIVE, lambda c, h: c.get(r("providers:archive_index") + "?q=staf")),
        Action(
            "archive of a user",
            ARCHIVE,
            lambda c, h: c.get(r("providers:archive_user", args=[w["staff"].pk])),
        ),
        Action(
            "archive: replace staff SK",
            STAFF_ADMIN,
            lambda c, h: c.post(
                r("providers:archive_user", args=[w["staff"].pk]),
                {"kind": "SK", "number": "2/SK", "issued_on": "2026-01-03", "file": upload()},
            ),
        ),
        Action(
            "archive: resubmit staff SK",
            STAFF_ADMIN,
            lambda c, h: c.post(r("providers:archive_submit", args=[w["staff"].pk])),
        ),
        # Administration.
        Action("staff registration page", STAFF_ADMIN, lambda c, h: c.get(r("providers:staff_register"))),
        Action(
            "staff registration",
            STAFF_ADMIN,
            lambda c, h: c.post(
                r("providers:staff_register"),
                {
                    "user_id": f"staf{(n := next(_seq))}",
                    "full_name": "Staf",
                    "email": f"staf{n}@x.go.id",
                    "role": Role.PPK,
                    "work_unit": w["unit"].pk,
                    "decree_number": f"{n}/SK",
                    "decree_date": "2026-01-02",
                    "file": upload(),
                },
            ),
        ),
        Action("accounts list", STATUS, lambda c, h: c.get(r("providers:accounts"))),
        Action(
            "deactivate",
            STATUS,
            lambda c, h: c.post(
                r("providers:account_deactivate", args=[w["target"].pk]), {"reason": "Pelanggaran"}
            ),
        ),
        Action(
            "reactivate",
            STATUS,
            lambda c, h: c.post(
                r("providers:account_reactivate", args=[w["target"].pk]), {"reason": "Selesai"}
            ),
        ),
        Action("blacklist manage page", BLACKLIST, lambda c, h: c.get(r("providers:blacklist_manage"))),
        Action(
            "blacklist entry",
            BLACKLIST,
            lambda c, h: c.post(r("providers:blacklist_manage"), _blacklist_form(w)),
        ),
        Action("blacklist proposals", BLACKLIST, lambda c, h: c.get(r("providers:blacklist_proposals"))),
        Action(
            "blacklist proposal (missing: 404)",
            BLACKLIST,
            lambda c, h: c.post(r("providers:blacklist_proposal", args=[990321]), {"reason": "x"}),
        ),
    ]


API = "/api/v1/providers"


def _json(c, method, url, data, h):
    return getattr(c, method)(url, data, content_type="application/json", **h)


def api_actions(w) -> list[Action]:
    applicant = {"HTTP_X_APPLICANT_TOKEN": w["applicant_token"]}
    row = w["row"]
    round_ = w["round"]
    change = w["change"]
    checks = {
        "checks": [
            {"document_id": d.pk, "matches_original": False, "note": "buram"} for d in round_.documents.all()
        ]
    }

    def signup(c, h):
        data = registration_data(
            email_token=make_email_token(f"api{next(_seq)}@x.id"), user_id=f"apim{next(_seq)}"
        )
        return _json(c, "post", f"{API}/signup", data, h)

    return [
        Action(
            "api: sign-up e-mail",
            ALL,
            lambda c, h: _json(c, "post", f"{API}/signup/email", {"email": f"e{next(_seq)}@x.id"}, h),
            api=True,
            anonymous_allowed=True,
        ),
        Action("api: sign-up", ALL, signup, api=True, anonymous_allowed=True),
        Action(
            "api: blacklist (public)",
            ALL,
            lambda c, h: c.get(f"{API}/blacklist", **h),
            api=True,
            anonymous_allowed=True,
        ),
        Action(
            "api: application with applicant token",
            ALL,
            lambda c, h: c.get(f"{API}/application", **h, **applicant),
            api=True,
            anonymous_allowed=True,
        ),
        Action(
            "api: application form with applicant token",
            ALL,
            lambda c, h: c.get(f"{API}/application/forms/keikutsertaan", **h, **applicant),
            api=True,
            anonymous_allowed=True,
        ),
        Action(
            "api: upload with applicant token",
            ALL,
            lambda c, h: c.post(
                f"{API}/application/documents",
                {"kind": "KTP", "number": VALID_NIK, "file": upload()},
                **h,
                **applicant,
            ),
            api=True,
            anonymous_allowed=True,
        ),
        Action(
            "api: submit with applicant token",
            ALL,
            lambda c, h: c.post(f"{API}/application/submit", **h, **applicant),
            api=True,
            anonymous_allowed=True,
        ),
        Action(
            "api: application without token", NOBODY, lambda c, h: c.get(f"{API}/application", **h), api=True
        ),
        Action(
            "api: upload without token",
            NOBODY,
            lambda c, h: c.post(
                f"{API}/application/documents", {"kind": "KTP", "number": VALID_NIK, "file": upload()}, **h
            ),
            api=True,
        ),
        Action(
            "api: submit without token",
            NOBODY,
            lambda c, h: c.post(f"{API}/application/submit", **h),
            api=True,
        ),
        Action("api: my provider", PROVIDER, lambda c, h: c.get(f"{API}/me", **h), api=True),
        Action(
            "api: my qualification", PROVIDER, lambda c, h: c.get(f"{API}/me/qualification", **h), api=True
        ),
        Action("api: my eligibility", PROVIDER, lambda c, h: c.get(f"{API}/me/eligibility", **h), api=True),
        Action(
            "api: identity",
            PROVIDER,
            lambda c, h: _json(c, "patch", f"{API}/me/identity", {"phone": "1"}, h),
            api=True,
        ),
        Action(
            "api: section add",
            PROVIDER,
            lambda c, h: _json(
                c,
                "post",
                f"{API}/me/sections/peralatan",
                {"name": "Truk", "quantity": 2, "ownership": "LEASED"},
                h,
            ),
            api=True,
        ),
        Action(
            "api: section edit",
            PROVIDER,
            lambda c, h: _json(
                c, "put", f"{API}/me/sections/pengurus/{row.pk}", {"position": "Komisaris"}, h
            ),
            api=True,
        ),
        Action(
            "api: section delete",
            PROVIDER,
            lambda c, h: c.delete(f"{API}/me/sections/pengurus/{row.pk}", **h),
            api=True,
        ),
        Action(
            "api: my document",
            PROVIDER,
            lambda c, h: c.post(
                f"{API}/me/documents",
                {
                    "kind": "AKTA_PERUBAHAN",
                    "number": "1",
                    "issued_on": "2025-01-01",
                    "issuer": "N",
                    "file": upload(),
                },
                **h,
            ),
            api=True,
        ),
        Action("api: my submit", PROVIDER, lambda c, h: c.post(f"{API}/me/submit", **h), api=True),
        Action(
            "api: my pending identity change",
            PROVIDER,
            lambda c, h: c.get(f"{API}/me/identity-change", **h),
            api=True,
        ),
        Action(
            "api: my identity changes",
            PROVIDER,
            lambda c, h: c.get(f"{API}/me/identity-changes", **h),
            api=True,
        ),
        Action(
            "api: identity change document",
            PROVIDER,
            lambda c, h: c.post(
                f"{API}/me/identity-change/documents", {"kind": "NPWP", "file": upload()}, **h
            ),
            api=True,
        ),
        Action(
            "api: identity change withdraw",
            PROVIDER,
            lambda c, h: c.post(f"{API}/me/identity-change/withdraw", **h),
            api=True,
        ),
        Action(
            "api: identity queue",
            VERIFIER,
            lambda c, h: c.get(f"{API}/verification/identity-changes", **h),
            api=True,
        ),
        Action(
            "api: identity change detail",
            VERIFIER,
            lambda c, h: c.get(f"{API}/verification/identity-changes/{change.pk}", **h),
            api=True,
        ),
        Action(
            "api: identity refuse",
            VERIFIER,
            lambda c, h: _json(
                c,
                "post",
                f"{API}/verification/identity-changes/{change.pk}/refuse",
                {"reason": "Akta perubahan belum disahkan"},
                h,
            ),
            api=True,
        ),
        Action(
            "api: identity approve",
            VERIFIER,
            lambda c, h: _json(c, "post", f"{API}/verification/identity-changes/{change.pk}/approve", {}, h),
            api=True,
        ),
        Action(
            "api: identity change document file",
            IDENTITY_DOCUMENT,
            lambda c, h: c.get(f"{API}/identity-change-documents/{w['change_doc'].pk}", **h),
            api=True,
        ),
        Action("api: queue", VERIFIER, lambda c, h: c.get(f"{API}/verification/queue", **h), api=True),
        Action(
            "api: round",
            VERIFIER,
            lambda c, h: c.get(f"{API}/verification/rounds/{round_.pk}", **h),
            api=True,
        ),
        Action(
            "api: reject",
            VERIFIER,
            lambda c, h: _json(c, "post", f"{API}/verification/rounds/{round_.pk}/reject", checks, h),
            api=True,
        ),
        Action(
            "api: approve",
            VERIFIER,
            lambda c, h: _json(c, "post", f"{API}/verification/rounds/{round_.pk}/approve", checks, h),
            api=True,
        ),
        Action("api: document", ARCHIVE, lambda c, h: c.get(f"{API}/documents/{w['doc'].pk}", **h), api=True),
        Action(
            "api: staff registration",
            STAFF_ADMIN,
            lambda c, h: c.post(
                f"{API}/staff",
                {
                    "user_id": f"apistaf{(n := next(_seq))}",
                    "full_name": "Staf",
                    "email": f"apistaf{n}@x.go.id",
                    "role": Role.PPK,
                    "work_unit_id": w["unit"].pk,
                    "decree_number": f"{n}/SK",
                    "decree_date": "2026-01-02",
                    "file": upload(),
                },
                **h,
            ),
            api=True,
        ),
        Action(
            "api: deactivate",
            STATUS,
            lambda c, h: _json(
                c, "post", f"{API}/accounts/{w['target'].user_id}/deactivate", {"reason": "x"}, h
            ),
            api=True,
        ),
        Action(
            "api: reactivate",
            STATUS,
            lambda c, h: _json(
                c, "post", f"{API}/accounts/{w['target'].user_id}/reactivate", {"reason": "x"}, h
            ),
            api=True,
        ),
        Action(
            "api: blacklist entry",
            BLACKLIST,
            lambda c, h: _json(
                c,
                "post",
                f"{API}/blacklist",
                {
                    **{k: v for k, v in _blacklist_form(w).items() if k != "requested_by"},
                    "requested_by_user_id": w["pa"].user_id,
                },
                h,
            ),
            api=True,
        ),
        Action(
            "api: blacklist proposals",
            BLACKLIST,
            lambda c, h: c.get(f"{API}/blacklist/proposals", **h),
            api=True,
        ),
        Action(
            "api: dismiss a proposal (missing: 404)",
            BLACKLIST,
            lambda c, h: _json(c, "post", f"{API}/blacklist/proposals/990321/dismiss", {"reason": "x"}, h),
            api=True,
        ),
    ]


def test_providers_web_matrix(world, users_by_role):
    failures = run_matrix(web_actions(world), users_by_role)
    assert failures == [], "\n".join(failures)
    # Allowed calls really acted.
    assert VerificationRound.objects.get(pk=world["round"].pk).outcome == "APPROVED"
    assert Document.objects.filter(user=world["provider"].account, kind="AKTA_PERUBAHAN").exists()
    change = IdentityChange.objects.get(pk=world["change"].pk)
    assert change.status == "APPROVED" and change.documents.count() == 2
    assert world["provider"].__class__.objects.get(pk=world["provider"].pk).name == "PT Matriks Nama Baru"


# run_matrix creates one API token per role and action, and a user may hold at most 20 active tokens: the
# operations are checked in three parts.
REFUSED_PUBLIC = [
    "GET /api/v1/providers/application",
    "POST /api/v1/providers/application/documents",
    "POST /api/v1/providers/application/submit",
]


@denied(*REFUSED_PUBLIC)
def test_providers_api_matrix_public(world, users_by_role):
    actions = [a for a in api_actions(world) if a.allowed in (ALL, NOBODY)]
    failures = run_matrix(actions, users_by_role)
    assert failures == [], "\n".join(failures)


REFUSED_PROVIDER = [
    "GET /api/v1/providers/me",
    "POST /api/v1/providers/me/documents",
    "GET /api/v1/providers/me/eligibility",
    "PATCH /api/v1/providers/me/identity",
    "GET /api/v1/providers/me/identity-change",
    "POST /api/v1/providers/me/identity-change/documents",
    "POST /api/v1/providers/me/identity-change/withdraw",
    "GET /api/v1/providers/me/identity-changes",
    "GET /api/v1/providers/me/qualification",
    "POST /api/v1/providers/me/sections/{section}",
    "PUT /api/v1/providers/me/sections/{section}/{row_id}",
    "DELETE /api/v1/providers/me/sections/{section}/{row_id}",
    "POST /api/v1/providers/me/submit",
]


@denied(*REFUSED_PROVIDER)
def test_providers_api_matrix_provider(world, users_by_role):
    actions = [a for a in api_actions(world) if a.allowed == PROVIDER]
    failures = run_matrix(actions, users_by_role)
    assert failures == [], "\n".join(failures)
    assert IdentityChange.objects.get(pk=world["change"].pk).status == "WITHDRAWN"


REFUSED_STAFF = [
    "POST /api/v1/providers/accounts/{user_id}/deactivate",
    "POST /api/v1/providers/accounts/{user_id}/reactivate",
    "POST /api/v1/providers/blacklist",
    "GET /api/v1/providers/blacklist/proposals",
    "POST /api/v1/providers/blacklist/proposals/{proposal_id}/dismiss",
    "GET /api/v1/providers/documents/{document_id}",
    "GET /api/v1/providers/identity-change-documents/{document_id}",
    "POST /api/v1/providers/staff",
    "GET /api/v1/providers/verification/identity-changes",
    "GET /api/v1/providers/verification/identity-changes/{change_id}",
    "POST /api/v1/providers/verification/identity-changes/{change_id}/approve",
    "POST /api/v1/providers/verification/identity-changes/{change_id}/refuse",
    "GET /api/v1/providers/verification/queue",
    "GET /api/v1/providers/verification/rounds/{round_id}",
    "POST /api/v1/providers/verification/rounds/{round_id}/approve",
    "POST /api/v1/providers/verification/rounds/{round_id}/reject",
]


@denied(*REFUSED_STAFF)
def test_providers_api_matrix_verification_and_administration(world, users_by_role):
    actions = [a for a in api_actions(world) if a.allowed not in (ALL, NOBODY, PROVIDER)]
    failures = run_matrix(actions, users_by_role)
    assert failures == [], "\n".join(failures)
    assert VerificationRound.objects.get(pk=world["round"].pk).outcome == "REJECTED"
    assert IdentityChange.objects.get(pk=world["change"].pk).status == "REFUSED"


def test_every_providers_url_and_operation_is_in_the_matrix(world):
    from lentera.core.api import api
    from lentera.providers.web.urls import urlpatterns

    names = {p.name for p in urlpatterns}
    covered = {
        "signup", "signup_account", "applicant_home", "applicant_enter", "applicant_link", "applicant_submit",
        "applicant_form", "applicant_document", "blacklist", "profile", "profile_identity", "section_add",
        "section_edit", "section_delete", "documents", "submit", "form", "queue", "round", "document",
        "archive_index", "archive_mine", "archive_user", "archive_submit", "staff_register", "accounts",
        "identity_changes", "identity_change_withdraw", "identity_queue", "identity_review", "identity_document",
        "account_deactivate", "account_reactivate", "blacklist_manage", "blacklist_proposals", "blacklist_proposal",
    }  # fmt: skip
    assert names == covered
    operations = {
        (",".join(op.methods), path)
        for prefix, router in api._routers
        if prefix.strip("/") == "providers"
        for path, view in router.path_operations.items()
        for op in view.operations
    }
    assert operations == {
        ("POST", "/signup/email"), ("POST", "/signup"), ("GET", "/application"),
        ("POST", "/application/documents"), ("POST", "/application/submit"), ("GET", "/application/forms/{kind}"),
        ("GET", "/blacklist"), ("GET", "/me"), ("GET", "/me/qualification"), ("GET", "/me/eligibility"),
        ("PATCH", "/me/identity"), ("POST", "/me/sections/{section}"), ("PUT", "/me/sections/{section}/{row_id}"),
        ("DELETE", "/me/sections/{section}/{row_id}"), ("POST", "/me/documents"), ("POST", "/me/submit"),
        ("GET", "/verification/queue"), ("GET", "/verification/rounds/{round_id}"),
        ("POST", "/verification/rounds/{round_id}/approve"), ("POST", "/verification/rounds/{round_id}/reject"),
        ("GET", "/documents/{document_id}"), ("POST", "/staff"), ("POST", "/accounts/{user_id}/deactivate"),
        ("POST", "/accounts/{user_id}/reactivate"), ("POST", "/blacklist"),
        ("GET", "/me/identity-change"), ("GET", "/me/identity-changes"), ("POST", "/me/identity-change/documents"),
        ("POST", "/me/identity-change/withdraw"), ("GET", "/verification/identity-changes"),
        ("GET", "/verification/identity-changes/{change_id}"),
        ("POST", "/verification/identity-changes/{change_id}/approve"),
        ("POST", "/verification/identity-changes/{change_id}/refuse"),
        ("GET", "/identity-change-documents/{document_id}"),
        ("GET", "/blacklist/proposals"), ("POST", "/blacklist/proposals/{proposal_id}/dismiss"),
    }  # fmt: skip
    assert len(api_actions(world)) == len(operations) + 3  # plus the three calls without an applicant token
