"""The Atom feed of the LPSE's service notices (Permendagri 53/2021 Lampiran 2.5.2 d): every notice already
shown, active or ended, newest first; linked from the public notices page."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lentera.core.access import access
from lentera.core.calendar import JAKARTA

from .. import selectors


def _wib(moment: Any) -> str:
    return moment.astimezone(JAKARTA).strftime("%d-%m-%Y %H:%M WIB")


class NoticeFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Pengumuman layanan LPSE")

    def subtitle(self) -> str:
        return _("Pemeliharaan dan gangguan layanan pengadaan secara elektronik")

    def link(self) -> str:
        return reverse("public:notices")

    def items(self) -> list[Any]:
        return selectors.notice_history()

    def item_title(self, item: Any) -> str:
        return f"[{item.get_kind_display()}] {item.title}"

    def item_description(self, item: Any) -> str:
        parts = [item.summary, f"{_wib(item.starts_at)} – {_wib(item.ends_at)}"]
        if item.affected_features:
            parts.append(_("Fitur terdampak:") + " " + item.affected_features)
        return "\n".join(parts)

    def item_link(self, item: Any) -> str:
        return reverse("public:notices") + f"#pengumuman-{item.pk}"

    def item_guid(self, item: Any) -> str:
        return f"lentera-notice-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Any):
        return item.created_at

    def item_updateddate(self, item: Any):
        return item.updated_at

    def item_categories(self, item: Any) -> list[str]:
        return [str(item.get_severity_display())]


notice_feed = access(public=True, scope="the public record of service notices")(
    require_http_methods(["GET", "HEAD"])(NoticeFeed())
)
