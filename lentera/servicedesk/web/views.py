"""Service desk pages: the help page (anyone opens a ticket), the reporter's own tickets, the desk's queue and
ticket page, the officer's form for a phone call or a visit. Thin: a form in, one service call, a redirect."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core import request_context
from lentera.core.access import access
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.errors import LenteraError, NotFound
from lentera.core.roles import Role
from lentera.core.webactions import run_action

from .. import escalations, satisfaction, selectors, services, stats, stats_export, throttle
from ..enums import AnswerScope, Channel, Referral
from . import charts, forms

DESK = services.OFFICER_ROLES


def _found(selector: Any, *args: Any, **kwargs: Any) -> Any:
    """A selector's NotFound becomes the 404 page."""
    try:
        return selector(*args, **kwargs)
    except NotFound:
        raise Http404 from None


def _signed_in(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated)


def _create(request: HttpRequest, form: forms.TicketForm, **extra: Any):
    d = form.cleaned_data
    role = getattr(request, "acting_role", None)
    # a tender the person may not see is refused like a missing one (LenteraError: a form error)
    tender = selectors.linkable_tender(user=request.user, role=role, tender_id=d.get("tender"))
    return services.ticket_create(
        actor=request.user,
        category=d["category"],
        subject=d["subject"],
        description=d["description"],
        tender=tender,
        attachments=request.FILES.getlist("attachments"),
        **extra,
    )


@access(public=True, scope="anyone: a visitor gives a name and an email")
@require_http_methods(["GET", "POST"])
def help_page(request: HttpRequest) -> HttpResponse:
    anonymous = not _signed_in(request)
    form = forms.TicketForm(request.POST or None, request.FILES or None, anonymous=anonymous)
    if request.method == "POST" and form.is_valid():
        extra: dict[str, Any] = {}
        if anonymous:
            extra = {k: form.cleaned_data[k] for k in ("reporter_name", "reporter_email")}
        try:
            if anonymous:
                throttle.check("help", request_context.client_ip_of(request))
            ticket = _create(request, form, channel=Channel.WEB, **extra)
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            if anonymous:
                return TemplateResponse(request, "servicedesk/thanks.html", {"ticket": ticket})
            messages.success(request, _("Tiket %(number)s tercatat.") % {"number": ticket.number})
            return redirect("servicedesk:mine_detail", ticket.pk)
    return TemplateResponse(request, "servicedesk/help.html", {"form": form})


@access(any_user=True, scope="the reporter's own tickets")
def mine(request: AuthedRequest) -> HttpResponse:
    return TemplateResponse(
        request, "servicedesk/mine.html", {"tickets": selectors.own_tickets(request.user)}
    )


@access(any_user=True, scope="the reporter's own ticket")
def mine_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = _found(selectors.own_ticket_or_404, user=request.user, pk=pk)
    return TemplateResponse(
        request,
        "servicedesk/mine_detail.html",
        {
            "ticket": ticket,
            "thread": selectors.thread(ticket, desk=False),
            "actions": selectors.reporter_actions(ticket),
            "form": forms.MessageForm(),
            "rating": selectors.rating_of(ticket),
            "may_rate": selectors.may_rate(ticket),
            "reopen_until": selectors.reopen_until(ticket),
        },
    )


def _body(request: HttpRequest) -> str:
    return request.POST.get("body", "")


def _files(request: HttpRequest) -> list:
    return request.FILES.getlist("attachments")


def _download(attachment) -> FileResponse:
    return FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.name,
    )


@access(any_user=True, scope="a file of the reporter's own ticket (not of an internal note)")
def mine_attachment(request: AuthedRequest, pk: int, attachment_id: int) -> FileResponse:
    ticket = _found(selectors.own_ticket_or_404, user=request.user, pk=pk)
    return _download(_found(selectors.attachment_or_404, ticket=ticket, pk=attachment_id, desk=False))


@access(*DESK, scope="the LPSE's help desk")
def desk_attachment(request: AuthedRequest, pk: int, attachment_id: int) -> FileResponse:
    ticket = _found(selectors.desk_ticket_or_404, pk)
    return _download(_found(selectors.attachment_or_404, ticket=ticket, pk=attachment_id, desk=True))


@access(any_user=True, scope="the reporter's own ticket")
@require_POST
def mine_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    ticket = _found(selectors.own_ticket_or_404, user=request.user, pk=pk)
    calls = {
        "reply": lambda: services.ticket_reply(
            actor=request.user, ticket=ticket, body=_body(request), attachments=_files(request)
        ),
        "close": lambda: services.ticket_close(actor=request.user, ticket=ticket),
        "reopen": lambda: services.ticket_reopen(actor=request.user, ticket=ticket, body=_body(request)),
        "rate": lambda: satisfaction.ticket_rate(
            actor=request.user,
            ticket=ticket,
            score=request.POST.get("score", ""),
            comment=request.POST.get("comment", ""),
        ),
    }
    if action not in calls:
        raise Http404
    back = reverse("servicedesk:mine_detail", args=[ticket.pk])
    return run_action(request, calls[action], success=_("Tersimpan."), back=back)


@access(*DESK, scope="the LPSE's help desk")
def queue(request: AuthedRequest) -> HttpResponse:
    include_done = request.GET.get("semua") == "1"
    return TemplateResponse(
        request,
        "servicedesk/queue.html",
        {"rows": selectors.queue_rows(include_done=include_done), "include_done": include_done},
    )


@access(*DESK, scope="the LPSE's help desk")
def desk_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = _found(selectors.desk_ticket_or_404, pk)
    return TemplateResponse(
        request,
        "servicedesk/desk_detail.html",
        {
            "ticket": ticket,
            "clock": selectors.clock_of(ticket),
            "thread": selectors.thread(ticket, desk=True),
            "actions": selectors.desk_actions(ticket),
            "officers": selectors.officers(),
            "form": forms.MessageForm(),
            "escalations": selectors.escalations_of(ticket),
            "active_states": selectors.ACTIVE_STATES,
            "escalate_form": forms.EscalateForm(),
            "follow_up_form": forms.FollowUpForm(),
            "articles": selectors.citable_articles(),
            "referrals": Referral.choices,
            "technical_scopes": [c for c in AnswerScope.choices if c[0] != AnswerScope.OUT_OF_SCOPE],
        },
    )


@access(*DESK, scope="the LPSE's help desk")
@require_POST
def desk_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    ticket = _found(selectors.desk_ticket_or_404, pk)
    user, body = request.user, _body(request)

    def assign():
        raw = request.POST.get("assignee") or ""
        assignee = selectors.officer_or_none(int(raw)) if raw.isdigit() else None
        return services.ticket_assign(actor=user, ticket=ticket, assignee=assignee or user)

    calls: dict[str, Callable[[], Any]] = {
        "assign": assign,
        "reply": lambda: services.ticket_reply(
            actor=user,
            ticket=ticket,
            body=body,
            attachments=_files(request),
            article=selectors.citable_article_or_none(request.POST.get("article")),
        ),
        "note": lambda: services.ticket_note(actor=user, ticket=ticket, body=body),
        "escalate": lambda: escalations.ticket_escalate(
            actor=user,
            ticket=ticket,
            to_tier=request.POST.get("to_tier", ""),
            reason=request.POST.get("reason", ""),
            lkpp_basis=request.POST.get("lkpp_basis", ""),
            lkpp_reference=request.POST.get("lkpp_reference", ""),
        ),
        "out_of_scope": lambda: services.ticket_close_out_of_scope(
            actor=user,
            ticket=ticket,
            referral_to=request.POST.get("referral_to", ""),
            note=request.POST.get("referral_note", ""),
            body=body,
        ),
    }
    for name in services.TRANSITION_SERVICES:
        calls[name.lower()] = functools.partial(
            services.ticket_transition,
            actor=user,
            ticket=ticket,
            action=name,
            body=body,
            scope=request.POST.get("scope", ""),
        )
    if action not in calls:
        raise Http404
    back = reverse("servicedesk:desk_detail", args=[ticket.pk])
    return run_action(request, calls[action], success=_("Tersimpan."), back=back)


@access(*DESK, scope="the LPSE's help desk: a phone call or a visit")
@require_http_methods(["GET", "POST"])
def log_ticket(request: AuthedRequest) -> HttpResponse:
    form = forms.OfficerTicketForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            ticket = _create(
                request,
                form,
                channel=d["channel"],
                priority=d["priority"],
                reporter_name=d["reporter_name"],
                reporter_email=d["reporter_email"],
                reporter_phone=d["reporter_phone"],
                reporter=selectors.user_or_none(d["reporter_user_id"]),
            )
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Tiket %(number)s tercatat.") % {"number": ticket.number})
            return redirect("servicedesk:desk_detail", ticket.pk)
    return TemplateResponse(request, "servicedesk/log_form.html", {"form": form})


@access(*DESK, scope="the LPSE's help desk: LKPP's follow-up on a forwarded ticket")
@require_POST
def desk_follow_up(request: AuthedRequest, pk: int, escalation_id: int) -> HttpResponse:
    ticket = _found(selectors.desk_ticket_or_404, pk)
    forward = _found(selectors.lkpp_forward_or_404, ticket=ticket, pk=escalation_id)
    back = reverse("servicedesk:desk_detail", args=[ticket.pk])
    return run_action(
        request,
        lambda: escalations.lkpp_follow_up(
            actor=request.user,
            escalation=forward,
            body=_body(request),
            answered=request.POST.get("answered") in ("on", "1", "true"),
        ),
        success=_("Tersimpan."),
        back=back,
    )


@access(public=True, scope="the anonymous reporter holding the ticket's signed follow-up link")
@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest, token: str) -> HttpResponse:
    ticket = _found(selectors.ticket_by_link, token)
    form = forms.MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            throttle.check("follow", token)
            services.ticket_reply_by_link(
                ticket=ticket, body=form.cleaned_data["body"], attachments=_files(request)
            )
        except LenteraError as exc:
            form.add_error(None, str(exc))
            status = exc.status if exc.status == 429 else 200
        else:
            messages.success(request, _("Tersimpan."))
            return redirect("servicedesk:follow", token)
    else:
        status = 200
    return TemplateResponse(
        request,
        "servicedesk/follow.html",
        {
            "ticket": ticket,
            "token": token,
            "thread": selectors.thread(ticket, desk=False),
            "actions": selectors.reporter_actions(ticket),
            "form": form,
            "rating": selectors.rating_of(ticket),
            "may_rate": selectors.may_rate(ticket),
            "reopen_until": selectors.reopen_until(ticket),
        },
        status=status,
    )


@access(public=True, scope="the anonymous reporter holding the ticket's signed follow-up link")
@require_POST
def follow_rate(request: HttpRequest, token: str) -> HttpResponse:
    ticket = _found(selectors.ticket_by_link, token)
    return run_action(
        request,
        lambda: satisfaction.ticket_rate(
            actor=None,
            ticket=ticket,
            score=request.POST.get("score", ""),
            comment=request.POST.get("comment", ""),
            by_link=True,
        ),
        success=_("Terima kasih atas penilaian Anda."),
        back=reverse("servicedesk:follow", args=[token]),
    )


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("tahun", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else local_date(db_now()).year


@access(Role.KASUBAG_LPSE, scope="the head of the LPSE sub-unit: the desk's statistics as XLSX")
def statistics_xlsx(request: AuthedRequest) -> HttpResponse:
    year = _year(request)
    response = HttpResponse(stats_export.statistics_xlsx(year), content_type=stats_export.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="statistik-helpdesk-{year}.xlsx"'
    return response


@access(Role.KASUBAG_LPSE, scope="the head of the LPSE sub-unit: the desk's statistics")
def statistics(request: AuthedRequest) -> HttpResponse:
    year = _year(request)
    data = stats.desk_statistics(year)
    return TemplateResponse(
        request,
        "servicedesk/statistics.html",
        {"stats": data, "charts": charts.desk_charts(data), "years": [year - 1, year, year + 1]},
    )


@access(public=True, scope="a file of the ticket the follow-up link opens (not of an internal note)")
def follow_attachment(request: HttpRequest, token: str, attachment_id: int) -> FileResponse:
    ticket = _found(selectors.ticket_by_link, token)
    return _download(_found(selectors.attachment_or_404, ticket=ticket, pk=attachment_id, desk=False))
