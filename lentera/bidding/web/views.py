"""Provider pages: the bid room (countdown, sealed upload, receipt), withdrawal, receipts, the receipt key."""

from __future__ import annotations

import json
from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.errors import LenteraError
from lentera.core.roles import Role

from .. import integration, rules, selectors, services
from ..serverkeys import receipt_public_key_info
from ..upload import SealingUploadHandler


def _tender(tender_id: int):
    tender = selectors.tender_or_none(tender_id)
    if tender is None:
        raise Http404
    return tender


@access(Role.PENYEDIA, scope="own registrations")
def provider_index(request: AuthedRequest) -> HttpResponse:
    return render(
        request, "bidding/provider_index.html", {"tenders": selectors.provider_tenders(user=request.user)}
    )


@access(Role.PENYEDIA, scope="tenders the provider is registered for")
def bid_room(request: AuthedRequest, tender_id: int) -> HttpResponse:
    tender = _tender(tender_id)
    room = selectors.bid_room(user=request.user, tender=tender)
    if not room.registered:
        raise Http404
    return render(request, "bidding/bid_room.html", _room_context(request, room))


def _room_context(request: AuthedRequest, room, **extra) -> dict:
    just = request.GET.get("diterima")
    return {
        "room": room,
        "tender": room.tender,
        "two_envelopes": len(room.envelope_kinds) > 1,
        "just_accepted": just if room.accepted and str(room.accepted.uid) == just else None,
        "max_form_mb": rules.DEFAULT_MAX_FORM_FILE_SIZE // (1024 * 1024),
        "form_values": {},
        **extra,
    }


@access(Role.PENYEDIA, scope="tenders the provider is registered for")
@csrf_exempt  # CSRF is checked by _bid_submit_checked, after the sealing upload handler is installed
def bid_submit(request: AuthedRequest, tender_id: int) -> HttpResponse:
    """The bid form POST. Files are sealed by SealingUploadHandler while Django reads them from the socket.

    The CSRF middleware would parse the body with Django's default handlers (which spool plaintext to a temp
    file), so this view is csrf_exempt and calls the csrf_protect-ed function after installing the handler.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    tender = _tender(tender_id)
    try:
        envelopes = services.bid_room_check(actor=request.user, tender=tender)
    except LenteraError as exc:
        messages.error(request, str(exc))
        return redirect("bidding:bid_room", tender_id=tender.pk)
    provider = integration.provider_of(request.user)
    main = envelopes.get("SINGLE") or envelopes.get("ADMIN_TECH")
    routes = {"files": main, "price_files": envelopes.get("PRICE")}
    handler = SealingUploadHandler(
        request,
        tender_id=tender.pk,
        provider_id=provider.pk,
        router=routes.get,
        max_file_size=rules.DEFAULT_MAX_FORM_FILE_SIZE,
        max_files=rules.MAX_FILES_PER_SUBMISSION,
        allowed_types=rules.bid_file_types(tender),
    )
    request.upload_handlers = [handler]
    try:
        response = _bid_submit_checked(request, tender, handler)
    except BaseException:
        handler.discard_all()
        raise
    if not getattr(handler, "consumed", False):
        handler.discard_all()  # refused (CSRF, validation, deadline): nothing sealed is kept
    return response


@csrf_protect
def _bid_submit_checked(request: AuthedRequest, tender, handler: SealingUploadHandler) -> HttpResponse:
    data = request.POST
    refused = [r for r in handler.refused if r.reason == "size"]
    checked = next((r.error for r in handler.refused if r.error is not None), None)
    try:
        if checked is not None:
            raise checked  # empty or not an allowed type: refused before sealing, the earlier bid stands
        if refused:
            raise LenteraError(
                "FILE_TOO_LARGE",
                _("Berkas %(name)s lebih besar dari %(mb)s MB; aktifkan JavaScript untuk unggahan besar."),
                name=refused[0].file_name,
                mb=rules.DEFAULT_MAX_FORM_FILE_SIZE // (1024 * 1024),
            )
        form = services.parse_bid_form(data)
        uploads = data.getlist("uploads") if data.get("resumable") else []
        submission = services.submission_finalise(
            actor=request.user,
            tender=tender,
            form=form,
            upload_uids=uploads,
            presealed=handler.sealed,
            confirm_above_hps=data.get("confirm_above_hps") == "1",
        )
    except LenteraError as exc:
        room = selectors.bid_room(user=request.user, tender=tender)
        ctx = _room_context(
            request,
            room,
            error=exc,
            above_hps=exc.code == "PRICE_ABOVE_HPS",
            form_values={
                k: data.get(k, "") for k in ("offer_price", "validity_days", "completion_days", "notes")
            },
        )
        return render(
            request, "bidding/bid_room.html", ctx, status=409 if exc.code == "BID_DEADLINE_PASSED" else 400
        )
    handler.consumed = True
    messages.success(
        request,
        _("Penawaran diterima server pada %(at)s.")
        % {"at": cast(dict[str, Any], submission.receipt)["payload"]["server_time_wib"]},  # set on finalise
    )
    return redirect(f"{reverse('bidding:bid_room', args=[tender.pk])}?diterima={submission.uid}")


@access(Role.PENYEDIA, scope="own bid")
@require_POST
def bid_withdraw(request: AuthedRequest, tender_id: int) -> HttpResponse:
    tender = _tender(tender_id)
    try:
        services.submission_withdraw(actor=request.user, tender=tender)
    except LenteraError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Penawaran ditarik. Tanda terima penarikan tersedia di riwayat."))
    return redirect("bidding:bid_room", tender_id=tender.pk)


@access(
    Role.PENYEDIA, Role.POKJA, Role.AUDITOR, scope="own bid; Pokja of the tender and auditors after opening"
)
def receipt_download(request: AuthedRequest, uid) -> HttpResponse:
    sub = selectors.receipt_for(user=request.user, role=request.acting_role, uid=uid)
    if sub is None:
        raise Http404
    which = request.GET.get("jenis")
    receipt = sub.withdrawal_receipt if which == "penarikan" and sub.withdrawal_receipt else sub.receipt
    body = json.dumps(receipt, ensure_ascii=False, indent=2, sort_keys=True)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    suffix = "-penarikan" if receipt is sub.withdrawal_receipt else ""
    response["Content-Disposition"] = (
        f'attachment; filename="tanda-terima-{sub.tender.code}-v{sub.version}{suffix}.json"'
    )
    return response


@access(public=True)
def receipt_key_page(request: HttpRequest) -> HttpResponse:
    return render(request, "bidding/receipt_key.html", {"key": receipt_public_key_info()})


@access(public=True)
def receipt_key_pem(request: HttpRequest) -> HttpResponse:
    """The current receipt key's PEM, or with ``?sidik=<fingerprint>`` that of a previous (still trusted) key."""
    info = receipt_public_key_info()
    wanted = request.GET.get("sidik", "").strip()
    name = "lentera-receipt-key.pem"
    if wanted and wanted != info["fingerprint"]:
        previous = next((k for k in info["previous_keys"] if k["fingerprint"] == wanted), None)
        if previous is None:
            raise Http404
        info = previous
        name = f"lentera-receipt-key-{wanted.replace(':', '')[:16]}.pem"
    response = HttpResponse(info["public_key_pem"], content_type="application/x-pem-file")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
