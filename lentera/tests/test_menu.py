"""The role-aware main menu (issue #20 item 1): every role finds its pages from the header, and the menu never
offers a page that the role would be refused."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from lentera.accounts.tests.factories import user_with_role
from lentera.core import menu
from lentera.core.access import ACCESS_ATTR
from lentera.core.roles import Role
from lentera.testing import login_client

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav aria-label="Navigasi utama" class="mainnav">(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')


def _menu_links(html: str) -> list[str]:
    match = NAV.search(html)
    assert match, "the page has no main navigation"
    return HREF.findall(match.group(1))


def test_every_menu_entry_points_at_a_page_with_an_access_declaration():
    from django.urls import resolve

    assert menu.entries(), "no app registered a menu entry"
    assert menu.unreachable() == []
    for entry in menu.entries():
        func = resolve(reverse(entry.url_name)).func
        assert getattr(func, ACCESS_ATTR, None) is not None, entry.url_name


@pytest.mark.parametrize("role", list(Role.values))
def test_menu_offers_each_role_only_pages_it_may_open(role):
    if role == Role.PENYEDIA:
        from lentera.bidding.tests.factories import make_provider

        user = make_provider().account  # a provider account always has its provider record
    else:
        user = user_with_role(role)
    client = login_client(user, role)
    dashboard = client.get(reverse("accounts:dashboard"))
    assert dashboard.status_code == 200
    links = _menu_links(dashboard.content.decode())
    assert reverse("accounts:dashboard") in links
    work = [u for u in links if u not in {e[1] for e in _public_links()}]
    if role not in (Role.TRAINER, Role.HELPDESK):
        assert len(work) > 1, f"{role} finds no work page in the menu"
    for url in links:
        response = client.get(url)
        assert response.status_code in (200, 302), (role, url, response.status_code)
        if response.status_code == 302:
            target = response["Location"]
            assert "/akun/masuk/" not in target and "/akun/verifikasi/" not in target, (role, url, target)


def _public_links() -> list[tuple[str, str]]:
    return [(str(link.label), link.url) for section in menu.menu_for(None) for link in section.links]


def test_visitor_menu_holds_public_pages_only_and_each_opens():
    client = Client()
    links = _menu_links(client.get("/").content.decode())
    assert links and set(links) == {url for _label, url in _public_links()}
    for url in links:
        assert client.get(url).status_code == 200, url


def test_menu_marks_the_current_page():
    user = user_with_role(Role.PPK)
    html = login_client(user, Role.PPK).get(reverse("planning:package_list")).content.decode()
    nav = NAV.search(html)
    assert nav and f'href="{reverse("planning:package_list")}" aria-current="page"' in nav.group(1)
    assert "menu-current" in nav.group(1)


def test_account_menu_holds_role_switch_and_logout():
    user = user_with_role(Role.PPK)
    from lentera.accounts.tests.factories import RoleAssignmentFactory

    RoleAssignmentFactory(user=user, role=Role.KPA)
    html = login_client(user, Role.PPK).get(reverse("accounts:dashboard")).content.decode()
    account = html.split('id="account-menu"', 1)[1].split("</details>", 1)[0]
    assert 'id="role-switch"' in account and reverse("accounts:logout") in account
    assert reverse("accounts:tokens") in account


def test_an_entry_narrowed_to_roles_is_hidden_from_others():
    entry = menu.MenuEntry("planning", "x", "planning:package_list", roles=frozenset({Role.PPK}))
    assert menu.allowed(entry, Role.PPK)
    assert not menu.allowed(entry, Role.POKJA)
    assert not menu.allowed(entry, None)
