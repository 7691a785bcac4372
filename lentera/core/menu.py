"""The role-aware main menu: apps register their pages in ``AppConfig.ready()``; the header shows a person the
pages their acting role may open, grouped in sections.

Who sees an entry is never written twice: it is read from the ``@access`` declaration of the view the entry points
to (:mod:`lentera.core.access`), so the menu cannot offer a page that would answer 403, and a page that opens to a
new role appears in that role's menu by itself. An entry may narrow that further with ``roles`` (a page open to
many staff roles that is only *work* for some of them).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.urls import NoReverseMatch, resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .access import ACCESS_ATTR, AccessRule

logger = logging.getLogger(__name__)

#: Sections in the order the header shows them.
SECTIONS: dict[str, Promise] = {
    "planning": _("Perencanaan"),
    "selection": _("Pemilihan"),
    "providers": _("Penyedia"),
    "lpse": _("Layanan LPSE"),
    "oversight": _("Pengawasan"),
    "admin": pgettext_lazy("menu", "Administrasi"),
    "public": _("Informasi publik"),
}


@dataclass(frozen=True)
class MenuEntry:
    section: str
    label: str | Promise
    url_name: str
    order: int = 50
    roles: frozenset[str] | None = field(default=None)
    query: str = ""


@dataclass(frozen=True)
class MenuLink:
    label: str | Promise
    url: str
    current: bool


@dataclass(frozen=True)
class MenuSection:
    key: str
    label: str | Promise
    links: tuple[MenuLink, ...]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


_entries: list[MenuEntry] = []


def register(*entries: MenuEntry) -> None:
    """Add entries (idempotent: the same entry twice is kept once)."""
    for entry in entries:
        if entry.section not in SECTIONS:
            raise ValueError(f"unknown menu section {entry.section!r}")
        if entry not in _entries:
            _entries.append(entry)
    _entries.sort(key=lambda e: (list(SECTIONS).index(e.section), e.order))
    _target.cache_clear()


def entries(section: str | None = None) -> list[MenuEntry]:
    return [e for e in _entries if section is None or e.section == section]


@lru_cache(maxsize=512)
def _target(url_name: str) -> tuple[str, AccessRule | None] | None:
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return None
    func = resolve(url).func
    return url, getattr(func, ACCESS_ATTR, None)


def allowed(entry: MenuEntry, role: str | None) -> bool:
    """May a person acting in ``role`` open the entry's page (its view's own declaration decides)?"""
    target = _target(entry.url_name)
    if target is None:
        return False
    rule = target[1]
    if rule is None:  # undeclared: the deny-by-default middleware refuses it, so the menu does not offer it
        return False
    if role is None:  # a visitor who is not signed in (or holds no role): public pages only
        return rule.public and entry.roles is None
    if entry.roles is not None and role not in entry.roles:
        return False
    return rule.public or rule.any_user or role in rule.roles


def menu_for(role: str | None, path: str = "") -> list[MenuSection]:
    """The sections (each with its links) a person acting in ``role`` sees; empty sections are left out."""
    out: list[MenuSection] = []
    for key, label in SECTIONS.items():
        links: list[MenuLink] = []
        for entry in entries(key):
            if not allowed(entry, role):
                continue
            target = _target(entry.url_name)
            assert target is not None
            url = target[0]
            links.append(MenuLink(entry.label, url + entry.query, bool(path) and path.startswith(url)))
        if links:
            out.append(MenuSection(key, label, tuple(links)))
    return out


def unreachable(names: Iterable[str] = ()) -> list[str]:
    """Registered entries whose URL name does not resolve (a test keeps this empty)."""
    wanted = set(names) or {e.url_name for e in _entries}
    return sorted(n for n in wanted if _target(n) is None)
