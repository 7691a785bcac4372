"""SOP register pages (F22): the register, one SOP with its versions and who read the one in force, the draft,
approval, publication and acknowledgement actions, and the public page of the SOPs in force. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.errors import LenteraError
from lentera.core.roles import Role
from lentera.core.webactions import run_action

from .. import selectors as governance_selectors
from ..sops import selectors, services, states
from ..sops.models import LampiranItem, SopVersion
from . import forms
from .views import MANAGERS, _can_manage, _found

READERS = selectors.READER_ROLES
STAFF = selectors.STAFF_ROLES


def _errors(form) -> str:
    return " ".join(str(e) for errs in form.errors.values() for e in errs)


@access(*READERS, scope="SOPs of the agencies the person works for (auditor: all)")
def sop_list(request: AuthedRequest) -> HttpResponse:
    sops = list(selectors.sops_visible_to(request.user))
    rows = [(sop, selectors.current_version(sop)) for sop in sops]
    form = None
    if _can_manage(request):
        form = forms.SopForm(
            agencies=governance_selectors.agencies_managed_by(request.user),
            items=LampiranItem.choices,
            initial={"agency": governance_selectors.single_managed_agency(request.user)},
        )
    return TemplateResponse(request, "governance/sop_list.html", {"rows": rows, "form": form})


@access(*MANAGERS, scope="the head or Admin UKPBJ of the SOP's agency")
@require_POST
def sop_create(request: AuthedRequest) -> HttpResponse:
    form = forms.SopForm(
        request.POST,
        agencies=governance_selectors.agencies_managed_by(request.user),
        items=LampiranItem.choices,
    )
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("governance:sop_list")
    try:
        sop = services.sop_create(actor=request.user, **form.cleaned_data)
    except LenteraError as exc:
        messages.error(request, str(exc))
        return redirect("governance:sop_list")
    return redirect("governance:sop_detail", sop.pk)


@access(*READERS, scope="an SOP of the agencies the person works for (auditor: all)")
def sop_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    sop = _found(selectors.sop_visible_to, user=request.user, pk=pk)
    current = selectors.current_version(sop)
    versions = selectors.versions_of(sop)
    manage = _can_manage(request)
    role = getattr(request, "acting_role", None)
    pending = next((v for v in versions if v.status in (states.Status.DRAFT, states.Status.APPROVED)), None)
    can_ack = (
        current is not None
        and role in STAFF
        and selectors.is_staff_of(request.user, sop.agency_id)
        and not selectors.has_acknowledged(current, request.user)
    )
    return TemplateResponse(
        request,
        "governance/sop_detail.html",
        {
            "sop": sop,
            "versions": versions,
            "current": current,
            "pending": pending,
            "readership": selectors.readership(current) if current and role in READERS else None,
            "can_manage": manage,
            "can_approve": pending is not None
            and pending.status == states.Status.DRAFT
            and role == Role.KEPALA_UKPBJ,
            "can_publish": pending is not None and pending.status == states.Status.APPROVED and manage,
            "can_ack": can_ack,
            "draft_form": forms.SopDraftForm() if manage and pending is None else None,
            "approve_form": (
                forms.SopApproveForm(decrees=selectors.decrees_for_approval(request.user))
                if role == Role.KEPALA_UKPBJ
                else None
            ),
        },
    )


def _back(pk: int) -> str:
    return reverse("governance:sop_detail", args=[pk])


@access(*MANAGERS, scope="the head or Admin UKPBJ of the SOP's agency")
@require_POST
def version_draft(request: AuthedRequest, pk: int) -> HttpResponse:
    sop = _found(selectors.sop_visible_to, user=request.user, pk=pk)
    form = forms.SopDraftForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(_back(pk))
    return run_action(
        request,
        lambda: services.version_draft(actor=request.user, sop=sop, **form.cleaned_data),
        success=_("Konsep versi baru tersimpan."),
        back=_back(pk),
    )


@access(Role.KEPALA_UKPBJ, scope="the head of UKPBJ of the SOP's agency (Lampiran 2.5)")
@require_POST
def version_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    version = _found(selectors.version_visible_to, user=request.user, pk=pk)
    form = forms.SopApproveForm(request.POST, decrees=selectors.decrees_for_approval(request.user))
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(_back(version.sop_id))
    return run_action(
        request,
        lambda: services.version_approve(actor=request.user, version=version, **form.cleaned_data),
        success=_("Versi SOP ditetapkan."),
        back=_back(version.sop_id),
    )


@access(*MANAGERS, scope="the head or Admin UKPBJ of the SOP's agency")
@require_POST
def version_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    version = _found(selectors.version_visible_to, user=request.user, pk=pk)
    return run_action(
        request,
        lambda: services.version_publish(actor=request.user, version=version),
        success=_("Versi SOP diterbitkan; versi sebelumnya digantikan."),
        back=_back(version.sop_id),
    )


@access(*STAFF, scope="a staff member of the SOP's agency, the version in force")
@require_POST
def acknowledge(request: AuthedRequest, pk: int) -> HttpResponse:
    version = _found(selectors.version_visible_to, user=request.user, pk=pk)
    return run_action(
        request,
        lambda: services.acknowledge(actor=request.user, version=version),
        success=_("Terima kasih, Anda tercatat telah membaca SOP ini."),
        back=_back(version.sop_id),
    )


def _pdf(version: SopVersion) -> FileResponse:
    return FileResponse(
        version.document.open("rb"),
        content_type=version.document_type,
        filename=f"{version}.pdf".replace(" ", "-"),
    )


@access(*READERS, scope="a version of an SOP the person may see (drafts included)")
def version_file(request: AuthedRequest, pk: int) -> FileResponse:
    return _pdf(_found(selectors.version_visible_to, user=request.user, pk=pk))


@access(public=True, scope="anyone: the SOP versions in force (Permendagri 53/2021 Pasal 23 ayat (4))")
def sop_public(request: AuthedRequest) -> HttpResponse:
    return TemplateResponse(
        request, "governance/sop_public.html", {"versions": selectors.published_versions()}
    )


@access(public=True, scope="anyone: the PDF of an SOP version in force")
def sop_public_file(request: AuthedRequest, pk: int) -> FileResponse:
    return _pdf(_found(selectors.published_version, pk=pk))
