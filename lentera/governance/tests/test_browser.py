"""The head of UKPBJ's main journey in a real browser: the dashboard warns of a lapsing certificate, the menu leads
to the decree register, the head records the LPSE team's Keputusan Bupati with its scan and appoints a member with
a role; each page passes axe-core's WCAG 2.1 A/AA rules."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest

from lentera.accounts.models import RoleAssignment
from lentera.core.roles import Role
from lentera.governance import services
from lentera.governance.enums import CertificateLevel
from lentera.governance.models import Decree
from lentera.testing import axe_violations, login_client, pdf


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_head_of_ukpbj_records_the_lpse_team_decree(live_server, browser, settings, head, ukpbj, staff):
    today = dt.date.today()
    services.certificate_record(
        actor=head, agency=ukpbj.agency, person=staff[0], level=CertificateLevel.POKJA, number="LKPP-OKP-7",
        issued_on=today - dt.timedelta(days=700), expires_on=today + dt.timedelta(days=20),
    )  # fmt: skip
    client = login_client(head, Role.KEPALA_UKPBJ)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "domain": urlsplit(live_server.url).hostname, "path": "/"}]
    )  # fmt: skip
    page = context.new_page()
    failures: dict[str, list[str]] = {}
    page.goto(f"{live_server.url}/akun/beranda/")
    page.get_by_role(
        "link", name="Sertifikat PBJ pegawai habis atau segera habis masa berlakunya"
    ).first.click()
    page.wait_for_load_state()
    assert "LKPP-OKP-7" in page.locator("#certificates").inner_text()
    failures["certificates"] = axe_violations(page)
    page.goto(f"{live_server.url}/akun/beranda/")
    page.click('li[data-menu="admin"] summary')
    page.locator('li[data-menu="admin"]').get_by_role("link", name="SK dan Tim LPSE").click()
    page.wait_for_load_state()
    failures["decree list"] = axe_violations(page)
    page.click("#decree-new")
    page.wait_for_load_state()
    failures["decree form"] = axe_violations(page)
    assert page.locator("#id_agency").input_value() == str(ukpbj.agency_id)  # the head's only agency
    page.select_option("#id_kind", "LPSE_TEAM")
    page.fill("#id_number", "188.45/3/KEP-BUP/2026")
    page.fill("#id_title", "Pembentukan Tim Pengelolaan LPSE")
    page.fill("#id_signed_on", today.isoformat())
    page.fill("#id_valid_from", today.isoformat())
    page.fill("#id_valid_until", (today + dt.timedelta(days=365)).isoformat())
    page.set_input_files(
        "#id_scan", {"name": "kep.pdf", "mimeType": "application/pdf", "buffer": pdf(b"scan")}
    )
    page.click("#decree-submit")
    page.wait_for_load_state()
    decree = Decree.objects.get()
    assert page.url.endswith(f"/tata-kelola/sk/{decree.pk}/")
    page.select_option("#id_person", str(staff[1].pk))
    page.select_option("#id_position", "LPSE_MEMBER")
    page.select_option("#id_lpse_field", "SERVICE")
    page.select_option("#id_role", "HELPDESK")
    page.click("#appointment-submit")
    page.wait_for_load_state()
    assert staff[1].full_name in page.locator("#appointments").inner_text()
    failures["decree detail"] = axe_violations(page)
    ra = RoleAssignment.objects.get(user=staff[1], role=Role.HELPDESK)
    assert ra.ends_on == decree.valid_until and ra.decree_number == decree.number
    context.close()
    found = {k: v for k, v in failures.items() if v}
    assert not found, found
