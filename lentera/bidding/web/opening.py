"""Pokja / witness / auditor pages: the opening passphrase, the opening room, opened files, problem records."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.errors import LenteraError
from lentera.core.roles import Role

from .. import selectors, services
from ..models import TenderEnvelope
from .forms import DecisionForm, OpeningKeyForm, OpeningPassphraseForm, PassphraseChangeForm, WitnessForm

KEY_HOLDERS = (Role.POKJA, Role.PENGELOLA_PBJ, Role.KASUBAG_LPSE)


@access(*KEY_HOLDERS, scope="own opening key")
def opening_key_page(request: AuthedRequest) -> HttpResponse:
    """Kata sandi pembukaan: set on first use, change later (never the login password)."""
    key = selectors.opening_key_of(request.user)
    create_form = OpeningKeyForm(prefix="new")
    change_form = PassphraseChangeForm(prefix="change")
    if request.method == "POST":
        try:
            if "change-old_passphrase" in request.POST:
                change_form = PassphraseChangeForm(request.POST, prefix="change")
                if change_form.is_valid():
                    services.opening_key_change_passphrase(actor=request.user, **change_form.cleaned_data)
                    messages.success(
                        request, _("Kata sandi pembukaan diganti. Kunci pembukaan Anda tetap sama.")
                    )
                    return redirect("bidding:opening_key")
            else:
                create_form = OpeningKeyForm(request.POST, prefix="new")
                if create_form.is_valid():
                    services.opening_key_set(actor=request.user, **create_form.cleaned_data)
                    messages.success(
                        request, _("Kunci pembukaan dibuat. Simpan kata sandi pembukaan Anda baik-baik.")
                    )
                    return redirect("bidding:opening_key")
        except LenteraError as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "bidding/opening_key.html",
        {"key": key, "create_form": create_form, "change_form": change_form},
        status=400 if request.method == "POST" else 200,
    )


@access(
    Role.POKJA, Role.KASUBAG_LPSE, Role.AUDITOR, scope="tenders where the user holds a key share; auditors"
)
def opening_index(request: AuthedRequest) -> HttpResponse:
    tenders = selectors.opening_tenders(user=request.user, role=request.acting_role)
    problems = (
        selectors.problems_to_witness(user=request.user) if request.acting_role == Role.KASUBAG_LPSE else []
    )
    return render(
        request,
        "bidding/opening_index.html",
        {
            "tenders": tenders,
            "problems": problems,
            "has_key": selectors.opening_key_of(request.user) is not None,
        },
    )


def _room(request: AuthedRequest, tender_id: int):
    tender = selectors.tender_or_none(tender_id)
    room = (
        selectors.opening_room(user=request.user, role=request.acting_role, tender=tender) if tender else None
    )
    if room is None:
        raise Http404
    return room


@access(Role.POKJA, Role.KASUBAG_LPSE, Role.AUDITOR, scope="key holders of the tender; auditors")
def opening_room(request: AuthedRequest, tender_id: int) -> HttpResponse:
    room = _room(request, tender_id)
    return render(request, "bidding/opening_room.html", {"room": room, "form": OpeningPassphraseForm()})


@access(Role.POKJA, Role.KASUBAG_LPSE, scope="key holders of the tender")
@require_POST
def opening_passphrase(request: AuthedRequest, tender_id: int, kind: str) -> HttpResponse:
    tender = selectors.tender_or_none(tender_id)
    if tender is None or kind not in TenderEnvelope.Kind.values:
        raise Http404
    form = OpeningPassphraseForm(request.POST)
    if form.is_valid():
        try:
            progress = services.opening_passphrase_submit(
                actor=request.user,
                tender=tender,
                envelope_kind=kind,
                passphrase=form.cleaned_data["passphrase"],
            )
        except LenteraError as exc:
            messages.error(request, str(exc))
        else:
            if progress.opened:
                messages.success(request, _("Sampul dibuka. Berita acara pembukaan sudah dibuat."))
            else:
                messages.success(
                    request,
                    _("Bagian kunci Anda diterima (%(n)s dari %(t)s). Sampul dibuka setelah ambang tercapai.")
                    % {"n": progress.deposited, "t": progress.threshold},
                )
    return redirect("bidding:opening_room", tender_id=tender_id)


@access(Role.POKJA, Role.KASUBAG_LPSE, Role.AUDITOR, scope="key holders of the tender; auditors")
def opening_record(request: AuthedRequest, tender_id: int, session_id: int) -> FileResponse:
    room = _room(request, tender_id)
    session = selectors.opened_session_of(tender_id=room.tender.pk, session_id=session_id)
    if session is None or not session.record_pdf:
        raise Http404
    return FileResponse(
        session.record_pdf.open("rb"),
        content_type="application/pdf",
        filename=f"berita-acara-pembukaan-{room.tender.code}-{session.envelope.kind.lower()}.pdf",
    )


@access(Role.POKJA, Role.AUDITOR, scope="Pokja of the tender and auditors, after opening")
def part_download(request: AuthedRequest, uid) -> HttpResponse | StreamingHttpResponse:
    """An opened bid file, decrypted while it streams to the reader; nothing is written in plaintext."""
    try:
        opened = services.opened_part_content(actor=request.user, role=request.acting_role, part_uid=str(uid))
    except LenteraError as exc:
        if exc.status == 404:
            raise Http404 from None
        messages.error(request, str(exc))
        return redirect("bidding:opening_index")
    response = StreamingHttpResponse(opened.chunks, content_type=opened.content_type)
    response["Content-Length"] = str(opened.size)
    response["Content-Disposition"] = f'attachment; filename="{opened.name.replace(chr(34), "")}"'
    response["Cache-Control"] = "no-store"
    return response


@access(Role.POKJA, Role.KASUBAG_LPSE, Role.AUDITOR, scope="witness; Pokja of the tender; auditors")
def problem_page(request: AuthedRequest, pk: int) -> HttpResponse:
    problem = selectors.problem_visible(user=request.user, role=request.acting_role, pk=pk)
    if problem is None:
        raise Http404
    witness_form, decision_form = WitnessForm(), DecisionForm()
    if request.method == "POST":
        try:
            if request.acting_role == Role.KASUBAG_LPSE:
                witness_form = WitnessForm(request.POST)
                if witness_form.is_valid():
                    services.opening_problem_witness(
                        actor=request.user, problem=problem, note=witness_form.cleaned_data["note"]
                    )
                    messages.success(request, _("Berita acara dikonfirmasi sebagai saksi."))
                    return redirect("bidding:problem", pk=pk)
            elif request.acting_role == Role.POKJA:
                decision_form = DecisionForm(request.POST)
                if decision_form.is_valid():
                    services.opening_problem_decide(
                        actor=request.user, problem=problem, decision=decision_form.cleaned_data["decision"]
                    )
                    messages.success(request, _("Keputusan Pokja dicatat."))
                    return redirect("bidding:problem", pk=pk)
            else:
                raise Http404
        except LenteraError as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "bidding/problem.html",
        {"problem": problem, "witness_form": witness_form, "decision_form": decision_form},
    )


@access(Role.POKJA, Role.KASUBAG_LPSE, Role.AUDITOR, scope="witness; Pokja of the tender; auditors")
def problem_record(request: AuthedRequest, pk: int) -> FileResponse:
    problem = selectors.problem_visible(user=request.user, role=request.acting_role, pk=pk)
    if problem is None or not problem.record_pdf:
        raise Http404
    return FileResponse(
        problem.record_pdf.open("rb"),
        content_type="application/pdf",
        filename=f"berita-acara-berkas-tidak-dapat-dibuka-{problem.pk}.pdf",
    )
