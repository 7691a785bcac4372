"""Service room pages (Permendagri 53/2021 Lampiran 2.5.2 a-b): a provider books the bidding or verification room
and sees its bookings; the front desk, the verifier and the trainers see the day's schedule of every room."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.errors import LenteraError, NotFound
from lentera.core.roles import Role
from lentera.core.webactions import run_action

from .. import rooms, selectors
from . import forms

SCHEDULE_ROLES = (Role.HELPDESK, Role.KASUBAG_LPSE, Role.VERIFIKATOR, Role.TRAINER)


@access(Role.PENYEDIA, scope="a provider's own bookings of the bidding and verification rooms")
@require_http_methods(["GET", "POST"])
def bookings(request: AuthedRequest) -> HttpResponse:
    form = forms.BookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rooms.booking_create(
                actor=request.user,
                room=d["room"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                purpose=d["purpose"],
            )
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Ruang dipesan."))
            return redirect("training:bookings")
    return TemplateResponse(
        request,
        "training/bookings.html",
        {"form": form, "bookings": selectors.own_bookings(request.user), "now": db_now()},
    )


@access(
    Role.PENYEDIA, *rooms.DESK_ROLES, scope="the provider's own booking; the front desk any provider booking"
)
@require_POST
def booking_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        booking = selectors.booking_or_404(user=request.user, role=request.acting_role, pk=pk)
    except NotFound:
        raise Http404 from None
    back = (
        reverse("training:bookings") if request.acting_role == Role.PENYEDIA else reverse("training:schedule")
    )
    return run_action(
        request,
        lambda: rooms.booking_cancel(actor=request.user, booking=booking),
        success=_("Pemesanan dibatalkan."),
        back=back,
    )


def _day(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("tanggal", ""))
    except ValueError:
        return local_date(db_now())


@access(*SCHEDULE_ROLES, scope="the front desk: every room's bookings on one day")
def schedule(request: AuthedRequest) -> HttpResponse:
    day = _day(request)
    return TemplateResponse(
        request,
        "training/schedule.html",
        {
            "day": day,
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
            "rows": selectors.day_schedule(day),
            "desk": request.acting_role in rooms.DESK_ROLES,
        },
    )


#: Who sees the verifier's calendar: the verifiers, and the front desk that books on a provider's behalf
VERIFIER_CALENDAR_ROLES = (Role.VERIFIKATOR, *rooms.DESK_ROLES)


@access(*VERIFIER_CALENDAR_ROLES, scope="the verifier's week: every provider's verification-room booking")
def verification_calendar(request: AuthedRequest) -> HttpResponse:
    try:
        day = dt.date.fromisoformat(request.GET.get("minggu", ""))
    except ValueError:
        day = local_date(db_now())
    monday = selectors.week_start(day)
    return TemplateResponse(
        request,
        "training/verification_calendar.html",
        {
            "monday": monday,
            "sunday": monday + dt.timedelta(days=6),
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
            "days": selectors.verification_week(monday),
        },
    )
