"""The header menu in a real browser (issue #20 items 1 and 14): a PPK reaches the package list and a Pokja
member the opening room only through visible menus; the header keeps one row at 1280 px with the role switcher
and stacks on a 390 px phone without sideways scrolling."""

from __future__ import annotations

import pytest

from lentera.accounts.tests.factories import RoleAssignmentFactory, user_with_role
from lentera.core.roles import Role
from lentera.tendering.tests.test_browser import Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _header_rows(page) -> int:
    """How many distinct rows the header's top-level items sit on."""
    tops = page.evaluate(
        "() => Array.from(document.querySelectorAll('.topbar-inner > *')).map(e => Math.round(e.getBoundingClientRect().top))"
    )
    return len({t // 8 for t in tops})


def test_staff_find_their_pages_through_the_menu(live_server, browser):
    ppk = user_with_role(Role.PPK)
    RoleAssignmentFactory(user=ppk, role=Role.KPA)  # two roles: the role switcher is in the header too
    s = Session(browser, live_server.url, ppk, Role.PPK)
    page = s.page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/akun/beranda/")
    assert _header_rows(page) == 1, "the header wraps to more than one row at 1280 px"
    assert not page.get_by_role("link", name="Paket pengadaan").is_visible()
    page.get_by_text("Perencanaan", exact=True).click()
    page.get_by_role("link", name="Paket pengadaan").click()
    page.wait_for_load_state()
    assert page.url.endswith("/perencanaan/paket/")
    assert page.locator("nav.mainnav [aria-current=page]").text_content() == "Paket pengadaan"
    # the other menus close when one opens, and Escape closes the open one
    page.get_by_text("Perencanaan", exact=True).click()
    page.get_by_text("Pemilihan", exact=True).click()
    assert page.locator("li[data-menu=planning] details").get_attribute("open") is None
    page.keyboard.press("Escape")
    assert page.locator("li[data-menu=selection] details").get_attribute("open") is None
    # the account menu holds the role switcher and logout
    page.locator("#account-menu > summary").click()
    page.select_option("#role-switch", Role.KPA)
    page.get_by_role("button", name="Ganti peran").click()
    page.wait_for_load_state()
    assert "Kuasa Pengguna Anggaran" in page.locator("#acting-role").inner_text()
    page.locator("#account-menu > summary").click()
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_load_state()
    assert "/akun/masuk/" in page.url
    s.close()


def test_header_is_one_row_at_1280_for_the_role_with_most_menus(live_server, browser):
    admin = user_with_role(Role.ADMIN_UKPBJ)
    admin.user_id = "administrator.ukpbj.kabupaten"  # a long login must not push the menu onto a second row
    admin.save(update_fields=["user_id"])
    RoleAssignmentFactory(user=admin, role=Role.KEPALA_UKPBJ)
    s = Session(browser, live_server.url, admin, Role.ADMIN_UKPBJ)
    page = s.page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/akun/beranda/")
    assert page.locator("nav.mainnav details").count() >= 6
    assert _header_rows(page) == 1, "the header wraps to more than one row at 1280 px"
    nav_height = page.evaluate("() => document.querySelector('nav.mainnav').getBoundingClientRect().height")
    assert nav_height < 48, f"the menu wraps inside the header ({nav_height} px high)"
    # the language applies when picked (the button is there only without script)
    assert not page.locator("form.lang-form button").is_visible()
    with page.expect_navigation():
        page.select_option("#lang", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert _header_rows(page) == 1, "the English header wraps to more than one row at 1280 px"
    nav_height = page.evaluate("() => document.querySelector('nav.mainnav').getBoundingClientRect().height")
    assert nav_height < 48, f"the English menu wraps inside the header ({nav_height} px high)"
    s.close()


def test_header_stacks_on_a_phone_and_the_menu_opens(live_server, browser):
    member = user_with_role(Role.POKJA)
    s = Session(browser, live_server.url, member, Role.POKJA)
    page = s.page
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server.url + "/akun/beranda/")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"
    page.get_by_text("Pemilihan", exact=True).click()
    page.get_by_role("link", name="Pembukaan penawaran").click()
    page.wait_for_load_state()
    assert page.url.endswith("/penawaran/pembukaan/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    s.close()


def test_visitor_reaches_public_pages_and_sign_up_from_the_header(live_server, browser):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert _header_rows(page) == 1
    page.get_by_text("Informasi publik", exact=True).click()
    page.locator("header").get_by_role("link", name="Daftar hitam").click()
    page.wait_for_load_state()
    assert page.url.endswith("/publik/daftar-hitam/")
    page.locator("header").get_by_role("link", name="Daftar sebagai penyedia").click()
    page.wait_for_load_state()
    assert "/penyedia/" in page.url
    context.close()
