"""The round robin of new tickets: the desk sees who is on duty; the head of the LPSE sub-unit sets it."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.webactions import run_action

from .. import rotation, selectors, services


@access(
    *services.OFFICER_ROLES, scope="the LPSE's help desk: who is on duty (set by the head of the sub-unit)"
)
@require_http_methods(["GET", "POST"])
def rotation_page(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("members") if i.isdigit()]
        return run_action(
            request,
            lambda: rotation.rotation_set(actor=request.user, user_ids=ids),
            success=_("Rotasi petugas tersimpan."),
            back=reverse("servicedesk:rotation"),
        )
    return TemplateResponse(
        request,
        "servicedesk/rotation.html",
        {"rotation": selectors.rotation_rows(), "may_edit": request.acting_role == "KASUBAG_LPSE"},
    )
