"""Training pages: the public listing and a session's page, registration and the registrant's own page (cancel,
feedback, certificate), the public certificate check, the trainers' pages (courses, sessions, roster, attendance,
certificates) and the statistics. Thin: a form in, one service call, a redirect."""

from __future__ import annotations

from typing import Any

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
from lentera.core.webactions import run_action

from .. import certificates, selectors, services
from ..enums import SessionStatus
from . import charts, forms

MANAGERS = services.MANAGERS


def _found(selector: Any, *args: Any, **kwargs: Any) -> Any:
    """A selector's NotFound becomes the 404 page."""
    try:
        return selector(*args, **kwargs)
    except NotFound:
        raise Http404 from None


def _role(request: HttpRequest) -> str | None:
    return getattr(request, "acting_role", None)


@access(public=True, scope="anyone: the upcoming training sessions")
def index(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "training/index.html", {"sessions": selectors.upcoming_sessions()})


@access(public=True, scope="anyone: one session; the signed-in person's own registration")
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _found(selectors.session_or_404, pk)
    mine = selectors.own_registration_of(request.user, session)
    return TemplateResponse(
        request,
        "training/session.html",
        {"session": session, "mine": mine, "position": selectors.waiting_position(mine) if mine else None},
    )


@access(any_user=True, scope="for oneself: providers and staff")
@require_POST
def register(request: AuthedRequest, pk: int) -> HttpResponse:
    session = _found(selectors.session_or_404, pk)
    return run_action(
        request,
        lambda: services.register(actor=request.user, session=session),
        success=_("Pendaftaran tersimpan; konfirmasi dikirim ke email Anda."),
        back=reverse("training:session", args=[session.pk]),
    )


@access(any_user=True, scope="the person's own registrations")
def mine(request: AuthedRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "training/mine.html",
        {
            "registrations": selectors.own_registrations(request.user),
            "now": db_now(),
            "feedback_form": forms.FeedbackForm(),
        },
    )


@access(any_user=True, scope="the person's own registration")
@require_POST
def cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    registration = _found(selectors.own_registration_or_404, user=request.user, pk=pk)
    return run_action(
        request,
        lambda: services.registration_cancel(actor=request.user, registration=registration),
        success=_("Pendaftaran dibatalkan."),
        back=reverse("training:mine"),
    )


@access(any_user=True, scope="the person's own registration (attended)")
@require_POST
def feedback(request: AuthedRequest, pk: int) -> HttpResponse:
    registration = _found(selectors.own_registration_or_404, user=request.user, pk=pk)
    return run_action(
        request,
        lambda: services.feedback_give(
            actor=request.user,
            registration=registration,
            rating=request.POST.get("rating", ""),
            comment=request.POST.get("comment", ""),
        ),
        success=_("Terima kasih atas umpan balik Anda."),
        back=reverse("training:mine"),
    )


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@access(any_user=True, scope="the holder's own certificate")
def certificate_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    certificate = _found(selectors.own_certificate_or_404, user=request.user, registration_pk=pk)
    return pdf_response(certificates.render_pdf(certificate), f"sertifikat-{certificate.code}.pdf")


@access(public=True, scope="anyone holding a certificate's code")
def verify_form(request: HttpRequest) -> HttpResponse:
    code = (request.GET.get("kode") or "").strip()
    if code:
        return redirect("training:verify", "".join(ch for ch in code if ch.isalnum())[:32] or "-")
    return TemplateResponse(request, "training/verify_form.html", {})


@access(public=True, scope="anyone holding a certificate's code: holder, course, date, valid or revoked")
def verify(request: HttpRequest, code: str) -> HttpResponse:
    try:
        certificate = selectors.certificate_by_code(code)
    except NotFound:
        return TemplateResponse(
            request, "training/verify.html", {"certificate": None, "code": code}, status=404
        )
    return TemplateResponse(
        request,
        "training/verify.html",
        {"certificate": certificate, "code": certificates.pretty_code(certificate.code)},
    )


@access(*MANAGERS, scope="a trainer's own sessions; the head of the LPSE sub-unit every session")
def manage(request: AuthedRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "training/manage.html",
        {
            "sessions": selectors.managed_sessions(user=request.user, role=_role(request))[:200],
            "courses": selectors.courses(),
            "course_form": forms.CourseForm(),
        },
    )


@access(*MANAGERS, scope="the training service: a new course")
@require_POST
def course_create(request: AuthedRequest) -> HttpResponse:
    form = forms.CourseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Periksa isian pelatihan."))
        return redirect("training:manage")
    d = form.cleaned_data
    return run_action(
        request,
        lambda: services.course_create(
            actor=request.user,
            code=d["code"],
            title=d["title"],
            audience=d["audience"],
            description=d["description"],
        ),
        success=_("Pelatihan tersimpan."),
        back=reverse("training:manage"),
    )


@access(
    *MANAGERS, scope="a trainer schedules their own session; the head of the LPSE sub-unit names a trainer"
)
@require_http_methods(["GET", "POST"])
def session_create(request: AuthedRequest) -> HttpResponse:
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            session = services.session_create(
                actor=request.user,
                course=d["course"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                capacity=d["capacity"],
                room=d["room"],
                online_url=d["online_url"],
                trainer=d["trainer"],
            )
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Sesi pelatihan dijadwalkan."))
            return redirect("training:manage_session", session.pk)
    return TemplateResponse(request, "training/session_form.html", {"form": form})


@access(*MANAGERS, scope="a trainer's own session; the head of the LPSE sub-unit every session")
def manage_session(request: AuthedRequest, pk: int) -> HttpResponse:
    session = _found(selectors.managed_session_or_404, user=request.user, role=_role(request), pk=pk)
    now = db_now()
    return TemplateResponse(
        request,
        "training/manage_session.html",
        {
            "session": session,
            "roster": selectors.roster(session),
            "today": local_date(now) == local_date(session.starts_at) and now >= session.starts_at,
            "may_cancel": session.status == SessionStatus.SCHEDULED and now < session.starts_at,
            "revoke_form": forms.RevokeForm(),
        },
    )


@access(*MANAGERS, scope="a trainer's own session, on the day")
@require_POST
def attendance(request: AuthedRequest, pk: int) -> HttpResponse:
    session = _found(selectors.managed_session_or_404, user=request.user, role=_role(request), pk=pk)
    present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    return run_action(
        request,
        lambda: services.attendance_record(actor=request.user, session=session, present=present),
        success=_("Presensi tersimpan."),
        back=reverse("training:manage_session", args=[session.pk]),
    )


@access(*MANAGERS, scope="a trainer's own session, before it starts")
@require_POST
def session_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    session = _found(selectors.managed_session_or_404, user=request.user, role=_role(request), pk=pk)
    return run_action(
        request,
        lambda: services.session_cancel(
            actor=request.user, session=session, reason=request.POST.get("reason", "")
        ),
        success=_("Sesi dibatalkan; pendaftar diberi tahu."),
        back=reverse("training:manage_session", args=[session.pk]),
    )


@access(*MANAGERS, scope="a trainer's own session: certificates for the attendees")
@require_POST
def issue(request: AuthedRequest, pk: int) -> HttpResponse:
    session = _found(selectors.managed_session_or_404, user=request.user, role=_role(request), pk=pk)
    return run_action(
        request,
        lambda: services.certificates_issue(actor=request.user, session=session),
        success=_("Sertifikat diterbitkan untuk peserta yang hadir."),
        back=reverse("training:manage_session", args=[session.pk]),
    )


@access(*MANAGERS, scope="a certificate of a trainer's own session")
@require_POST
def revoke(request: AuthedRequest, pk: int, certificate_id: int) -> HttpResponse:
    session = _found(selectors.managed_session_or_404, user=request.user, role=_role(request), pk=pk)
    certificate = _found(selectors.certificate_of_session_or_404, session=session, pk=certificate_id)
    return run_action(
        request,
        lambda: services.certificate_revoke(
            actor=request.user, certificate=certificate, reason=request.POST.get("reason", "")
        ),
        success=_("Sertifikat dicabut."),
        back=reverse("training:manage_session", args=[session.pk]),
    )


@access(*MANAGERS, scope="the training service's statistics per course and year")
def statistics(request: AuthedRequest) -> HttpResponse:
    raw = request.GET.get("tahun", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else local_date(db_now()).year
    rows = selectors.course_statistics(year)
    return TemplateResponse(
        request,
        "training/statistics.html",
        {
            "rows": rows,
            "year": year,
            "years": [year - 1, year, year + 1],
            "charts": charts.course_charts(rows),
        },
    )
