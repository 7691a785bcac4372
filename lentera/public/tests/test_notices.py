"""Service notices (Permendagri 53/2021 Lampiran 2.5.2 d, 2.5.4): LPSE staff post them, every page shows them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lentera.core.errors import AccessDenied
from lentera.core.roles import Role
from lentera.public import services
from lentera.public.models import ServiceNotice
from lentera.testing import Action, login_client, run_matrix

pytestmark = pytest.mark.django_db

NOTICE_ROLES = frozenset({Role.SYSADMIN, Role.KASUBAG_LPSE, Role.HELPDESK})


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _notice(actor, **kw):
    now = timezone.now()
    values = {
        "title": "Pemeliharaan server",
        "summary": "Layanan berhenti sementara.",
        "starts_at": now + dt.timedelta(hours=1),
        "ends_at": now + dt.timedelta(hours=3),
    }
    values.update(kw)
    return services.notice_create(actor=actor, **values)


@pytest.mark.route("GET", "/api/v1/public/notices", allowed=True)
def test_notice_create_lampiran_2_5_2_d_active_notice_is_a_banner_on_every_page_and_in_the_api(make_user):
    staff = make_user(Role.KASUBAG_LPSE)
    _notice(staff, title="Pemeliharaan basis data LPSE", affected_features="Unggah penawaran")
    for url in ["/", "/pengadaan/", "/publik/rup/", "/akun/masuk/"]:
        body = Client().get(url).content.decode()
        assert "Pemeliharaan basis data LPSE" in body, url
    api = Client().get("/api/v1/public/notices").json()
    assert (
        api[0]["title"] == "Pemeliharaan basis data LPSE"
        and api[0]["affected_features"] == "Unggah penawaran"
    )


def test_ended_withdrawn_and_not_yet_shown_notices_are_hidden(make_user):
    staff = make_user(Role.SYSADMIN)
    now = timezone.now()
    _notice(
        staff, title="Sudah lewat", starts_at=now - dt.timedelta(hours=5), ends_at=now - dt.timedelta(hours=1)
    )
    later = _notice(staff, title="Belum saatnya tampil", show_from=now + dt.timedelta(days=1))
    withdrawn = _notice(staff, title="Ditarik kembali")
    services.notice_withdraw(actor=staff, notice=withdrawn)
    cache.clear()
    body = Client().get("/").content.decode()
    for title in ("Sudah lewat", "Belum saatnya tampil", "Ditarik kembali"):
        assert title not in body
    assert later.pk


def test_notice_rules_refuse_bad_input(make_user):
    staff = make_user(Role.HELPDESK)
    now = timezone.now()
    with pytest.raises(services.NoticeError):
        _notice(staff, starts_at=now, ends_at=now - dt.timedelta(hours=1))
    with pytest.raises(services.NoticeError):
        _notice(staff, title=" ")
    assert not ServiceNotice.objects.exists()


def test_notice_create_only_lpse_staff_may_post_notices(make_user):
    with pytest.raises(AccessDenied):
        _notice(make_user(Role.PPK))


def test_notice_web_form_creates_and_withdraws(make_user):
    staff = make_user(Role.KASUBAG_LPSE)
    client = login_client(staff, Role.KASUBAG_LPSE)
    response = client.post(
        "/publik/pengumuman-layanan/baru/",
        {
            "kind": "MAINTENANCE",
            "severity": "warning",
            "title": "Pemeliharaan jaringan",
            "summary": "Akses terputus.",
            "starts_at": "2030-01-01T22:00",
            "ends_at": "2030-01-02T02:00",
        },
    )
    assert response.status_code == 302
    notice = ServiceNotice.objects.get()
    assert notice.starts_at == dt.datetime(2030, 1, 1, 15, 0, tzinfo=dt.UTC)  # 22:00 WIB
    bad = client.post(
        "/publik/pengumuman-layanan/baru/",
        {
            "kind": "MAINTENANCE",
            "severity": "warning",
            "title": "X",
            "summary": "Y",
            "starts_at": "2030-01-02T02:00",
            "ends_at": "2030-01-01T22:00",
        },
    )
    assert bad.status_code == 200 and "Waktu selesai harus sesudah waktu mulai." in bad.content.decode()
    assert client.post(f"/publik/pengumuman-layanan/{notice.pk}/tarik/").status_code == 302
    notice.refresh_from_db()
    assert notice.withdrawn_at is not None


def test_role_action_matrix_for_staff_views(users_by_role):
    staff = users_by_role[Role.SYSADMIN]
    notice = _notice(staff)

    def create(client, headers):
        return client.post(
            "/publik/pengumuman-layanan/baru/",
            {
                "kind": "OUTAGE",
                "severity": "critical",
                "title": "Gangguan",
                "summary": "Server mati.",
                "starts_at": "2030-01-01T10:00",
                "ends_at": "2030-01-01T12:00",
            },
        )

    actions = [
        Action("notice manage page", NOTICE_ROLES, lambda c, h: c.get("/publik/pengumuman-layanan/kelola/")),
        Action("notice create", NOTICE_ROLES, create),
        Action(
            "notice edit page",
            NOTICE_ROLES,
            lambda c, h: c.get(f"/publik/pengumuman-layanan/{notice.pk}/ubah/"),
        ),
        Action(
            "red flags (api)",
            frozenset({Role.AUDITOR, Role.KEPALA_UKPBJ}),
            lambda c, h: c.get("/api/v1/opendata/redflags/tenders", **h),
            api=True,
        ),
        Action(
            "never-winning providers (api)",
            frozenset({Role.AUDITOR, Role.KEPALA_UKPBJ}),
            lambda c, h: c.get("/api/v1/opendata/redflags/providers", **h),
            api=True,
        ),
    ]
    assert run_matrix(actions, users_by_role) == []
    # withdrawing last: it changes the row for allowed roles
    fresh = iter([_notice(staff) for _ in range(len(users_by_role) + 1)])
    withdraw = Action(
        "notice withdraw",
        NOTICE_ROLES,
        lambda c, h: c.post(f"/publik/pengumuman-layanan/{next(fresh).pk}/tarik/"),
    )
    assert run_matrix([withdraw], users_by_role) == []
    assert login_client(staff, Role.SYSADMIN).get("/publik/pengumuman-layanan/kelola/").status_code == 200


def _public_tender(code, phase, closing_at, key):
    from lentera.public.models import PublicTender

    return PublicTender.objects.create(
        code=code,
        ocid=f"ocds-x-{code}",
        title=f"Tender {code}",
        agency_code="A1",
        agency_name="Dinas",
        work_unit_name="Satker",
        method="TENDER",
        procurement_type="GOODS",
        funding_source="APBD",
        fiscal_year=2026,
        phase=phase,
        published_at=closing_at - dt.timedelta(days=10),
        closing_at=closing_at,
        sort_key=key,
    )


@pytest.mark.route("GET", "/api/v1/public/notices", allowed=True)
def test_a_notice_lists_the_tenders_whose_bid_deadline_falls_inside_it(make_user):
    from lentera.public.models import Phase

    staff = make_user(Role.KASUBAG_LPSE)
    now = timezone.now()
    notice = _notice(staff, starts_at=now + dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=5))
    _public_tender("T-IN", Phase.OPEN, now + dt.timedelta(hours=2), 1)
    _public_tender("T-OUT", Phase.OPEN, now + dt.timedelta(hours=8), 2)
    _public_tender("T-DONE", Phase.AWARDED, now + dt.timedelta(hours=3), 3)
    cache.clear()
    api = Client().get("/api/v1/public/notices").json()
    assert [t["code"] for t in api[0]["affected_tenders"]] == ["T-IN"]
    page = Client().get(reverse("public:notices")).content.decode()
    assert "T-IN" in page and "T-OUT" not in page and "T-DONE" not in page
    manage = login_client(staff, Role.KASUBAG_LPSE).get(reverse("public:notice_manage")).content.decode()
    assert notice.title in manage and "T-IN" in manage and "T-OUT" not in manage


@pytest.mark.route("GET", "/api/v1/notices", allowed=True)
def test_notices_at_the_api_root_match_the_public_api(make_user):
    staff = make_user(Role.KASUBAG_LPSE)
    _notice(staff, title="Pemeliharaan jaringan", affected_features="Login")
    root = Client().get("/api/v1/notices")
    assert root.status_code == 200 and root["Content-Type"].startswith("application/json")
    assert root.json() == Client().get("/api/v1/public/notices").json()
    assert root.json()[0]["title"] == "Pemeliharaan jaringan"


def test_atom_feed_of_notices_linked_from_the_notices_page(make_user):
    from xml.etree import ElementTree

    staff = make_user(Role.KASUBAG_LPSE)
    now = timezone.now()
    active = _notice(staff, title="Pemeliharaan server aktif", affected_features="Unggah penawaran")
    _notice(
        staff,
        title="Gangguan kemarin",
        starts_at=now - dt.timedelta(days=1),
        ends_at=now - dt.timedelta(hours=20),
    )
    gone = _notice(staff, title="Ditarik dari umpan")
    services.notice_withdraw(actor=staff, notice=gone)
    later = _notice(staff, title="Belum tampil", show_from=now + dt.timedelta(days=1))
    cache.clear()
    page = Client().get(reverse("public:notices")).content.decode()
    feed_url = reverse("public:notices_atom")
    assert 'rel="alternate" type="application/atom+xml"' in page and f'href="{feed_url}"' in page
    assert "Riwayat pengumuman" in page and "Gangguan kemarin" in page  # the history
    got = Client().get(feed_url)
    assert got.status_code == 200 and got["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(got.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert any("Pemeliharaan server aktif" in t for t in titles)
    assert any("Gangguan kemarin" in t for t in titles)
    assert not any("Ditarik" in t or "Belum tampil" in t for t in titles)
    entry = next(e for e in root.findall("a:entry", ns) if "aktif" in e.findtext("a:title", namespaces=ns))
    assert entry.find("a:link", ns).get("href").endswith(f"#pengumuman-{active.pk}")
    assert "Unggah penawaran" in entry.findtext("a:summary", namespaces=ns)
    assert later.pk and Client().post(feed_url).status_code == 405
