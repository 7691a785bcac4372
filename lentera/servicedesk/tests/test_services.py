"""The service desk's services: numbers, reporters, the Pasal 18 link to a tender, SLA clocks and their pause,
refusals that change nothing, the audit trail."""

import datetime as dt

import pytest

from lentera.core.audit import AuditEvent
from lentera.core.calendar import JAKARTA
from lentera.core.errors import AccessDenied
from lentera.servicedesk import selectors, services
from lentera.servicedesk.enums import Category, Channel, Priority
from lentera.servicedesk.errors import ServiceDeskError
from lentera.servicedesk.models import Ticket, TicketMessage
from lentera.servicedesk.states import Status
from lentera.tendering.enums import Stage
from lentera.tendering.tests.factories import build, clock, create_tender, inside, window
from lentera.testing import db_fingerprint

FRIDAY_9 = dt.datetime(2026, 7, 3, 9, 0, tzinfo=JAKARTA)


def _new(actor, **kw):
    kw.setdefault("category", Category.CONSULTATION)
    kw.setdefault("subject", "Pertanyaan")
    kw.setdefault("description", "Bagaimana caranya?")
    return services.ticket_create(actor=actor, **kw)


@pytest.fixture
def friday(db):
    with clock(FRIDAY_9):
        yield FRIDAY_9


def test_numbers_run_per_year_and_sla_is_in_working_hours(friday, provider):
    first, second = _new(provider), _new(provider)
    assert (first.number, second.number) == ("LPSE-2026-000001", "LPSE-2026-000002")
    # consultation, normal: 8 working hours to the first response (Friday 09:00 -> Monday 09:00), 24 to resolve
    assert first.first_response_due_at == dt.datetime(2026, 7, 6, 9, 0, tzinfo=JAKARTA)
    assert first.resolution_due_at == dt.datetime(2026, 7, 8, 9, 0, tzinfo=JAKARTA)
    assert first.reporter == provider and first.reporter_name == provider.full_name
    assert first.channel == Channel.WEB and first.status == Status.NEW and first.priority == Priority.NORMAL
    assert AuditEvent.objects.filter(action="servicedesk.ticket.create", object_id=str(first.pk)).exists()


def test_anonymous_visitor_needs_an_email_and_a_name(friday):
    before = db_fingerprint()
    with pytest.raises(ServiceDeskError) as exc:
        _new(None, reporter_name="Budi")
    assert exc.value.code == "FIELD_REQUIRED"
    assert db_fingerprint() == before
    ticket = _new(None, reporter_name="Budi", reporter_email="budi@example.com")
    assert ticket.reporter is None and ticket.reporter_email == "budi@example.com"


def test_reporter_cannot_set_priority_but_the_desk_can(friday, provider, officer):
    assert _new(provider, priority=Priority.HIGH).priority == Priority.NORMAL
    logged = _new(
        officer, channel=Channel.PHONE, priority=Priority.HIGH, reporter_name="Sri", reporter_phone="0542"
    )
    assert logged.priority == Priority.HIGH and logged.logged_by == officer and logged.reporter is None


def test_provider_cannot_log_a_phone_ticket(friday, provider):
    before = db_fingerprint()
    with pytest.raises(AccessDenied):
        _new(provider, channel=Channel.PHONE, reporter_name="Sri")
    assert db_fingerprint() == before


def test_pokja_technical_problem_is_due_at_the_stage_end(db):
    """Permendagri 53/2021 Pasal 18: a technical problem from the tender's Pokja is high priority, due at the end of
    the tender's running stage."""
    from lentera.tendering.tests.factories import SETUP_AT

    with clock(SETUP_AT):
        tw = build(providers=1)
        tender = create_tender(tw)
    with clock(inside(tender, Stage.EXPLANATION)):
        ticket = _new(tw.members[1], category=Category.TECH_APPLICATION, tender=tender)
        other = _new(tw.provider_user(), category=Category.TECH_APPLICATION, tender=tender)
        consult = _new(tw.members[1], category=Category.CONSULTATION, tender=tender)
    assert ticket.priority == Priority.HIGH
    assert ticket.stage_due_at == window(tender, Stage.EXPLANATION)[1]
    assert ticket.due_at == min(ticket.stage_due_at, ticket.resolution_due_at)
    assert other.priority == Priority.NORMAL and other.stage_due_at is None
    assert consult.stage_due_at is None
    rows = selectors.queue_rows()
    assert rows[0]["ticket"] == ticket  # the nearest deadline first


def test_assign_reply_note_resolve_close_flow(friday, provider, officer):
    ticket = _new(provider)
    services.ticket_assign(actor=officer, ticket=ticket, assignee=officer)
    services.ticket_note(actor=officer, ticket=ticket, body="Cek log server")
    ticket = services.ticket_reply(actor=officer, ticket=ticket, body="Sedang kami periksa")
    assert ticket.first_response_at == friday and ticket.status == Status.ASSIGNED
    services.ticket_reply(actor=provider, ticket=ticket, body="Terima kasih")
    ticket = services.ticket_resolve(actor=officer, ticket=ticket, body="Sudah diperbaiki")
    assert ticket.status == Status.RESOLVED and ticket.resolved_at == friday
    ticket = services.ticket_close(actor=provider, ticket=ticket)
    assert ticket.status == Status.CLOSED
    ticket = services.ticket_reopen(actor=officer, ticket=ticket, body="Muncul lagi")
    assert ticket.status == Status.ASSIGNED and ticket.closed_at is None
    kinds = [m.kind for m in selectors.thread(ticket, desk=False)]
    assert TicketMessage.Kind.NOTE not in kinds
    assert TicketMessage.Kind.NOTE in [m.kind for m in selectors.thread(ticket, desk=True)]
    actions = set(AuditEvent.objects.filter(object_id=str(ticket.pk)).values_list("action", flat=True))
    assert {"servicedesk.ticket.assign", "servicedesk.ticket.note", "servicedesk.ticket.resolve"} <= actions


def test_waiting_on_the_reporter_pauses_the_resolution_clock(friday, provider, officer):
    ticket = _new(provider)
    services.ticket_assign(actor=officer, ticket=ticket, assignee=officer)
    ticket = services.ticket_wait(actor=officer, ticket=ticket, body="Mohon tangkapan layar")
    due = ticket.resolution_due_at
    assert ticket.status == Status.WAITING and ticket.waiting_since == friday
    # the reporter answers on Monday 11:00: 7 working hours on Friday (09-16) and 3 on Monday (08-11) paused
    with clock(dt.datetime(2026, 7, 6, 11, 0, tzinfo=JAKARTA)):
        ticket = services.ticket_reply(actor=provider, ticket=ticket, body="Terlampir")
    assert ticket.status == Status.ASSIGNED and ticket.waiting_since is None
    from lentera.servicedesk import sla

    assert ticket.resolution_due_at == sla.add_working_hours(due, 10)


def test_refusals_change_nothing(friday, provider, officer):
    ticket = _new(provider)
    stranger = type(provider).objects.exclude(pk=provider.pk).exclude(pk=officer.pk).first()
    before = db_fingerprint()
    with pytest.raises(ServiceDeskError) as exc:
        services.ticket_resolve(actor=officer, ticket=ticket, body="x")  # not assigned yet
    assert exc.value.code == "TRANSITION_NOT_ALLOWED"
    with pytest.raises(AccessDenied):
        services.ticket_note(actor=provider, ticket=ticket, body="x")  # a reporter never writes notes
    with pytest.raises(ServiceDeskError) as exc:
        services.ticket_close(actor=provider, ticket=ticket)  # the reporter closes only a resolved ticket
    assert exc.value.code == "TRANSITION_NOT_ALLOWED"
    with pytest.raises(AccessDenied):
        services.ticket_assign(actor=provider, ticket=ticket, assignee=officer)
    with pytest.raises(ServiceDeskError) as exc:
        services.ticket_assign(actor=officer, ticket=ticket, assignee=provider)
    assert exc.value.code == "NOT_AN_OFFICER"
    with pytest.raises(ServiceDeskError):
        services.ticket_reply(actor=officer, ticket=ticket, body="  ")
    if stranger is not None:
        with pytest.raises(AccessDenied):
            services.ticket_reply(actor=stranger, ticket=ticket, body="x")
    assert db_fingerprint() == before
    assert Ticket.objects.get(pk=ticket.pk).status == Status.NEW


def test_attachments_refused_before_anything_is_written(friday, provider, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lentera.testing import pdf, pdf_sized

    def upload(body, name="a.pdf"):
        return SimpleUploadedFile(name, body, content_type="application/pdf")

    before = db_fingerprint()
    for files, code in [
        ([upload(pdf_sized(services.ATTACHMENT_MAX_BYTES + 1))], "FILE_TOO_LARGE"),
        ([upload(pdf(b"x")) for _ in range(services.ATTACHMENTS_PER_MESSAGE + 1)], "TOO_MANY_FILES"),
        ([upload(b"")], "EMPTY_FILE"),
        ([upload(b"PK\x03\x04 zip renamed", "x.pdf")], "FILE_TYPE_NOT_ALLOWED"),
    ]:
        with pytest.raises(ServiceDeskError) as exc:
            _new(provider, attachments=files)
        assert exc.value.code == code
    assert db_fingerprint() == before
    ticket = _new(provider, attachments=[upload(pdf(b"ok"), "layar.PDF")])
    assert [a.name for a in ticket.attachments.all()] == ["layar.pdf"]


def test_unanswered_pokja_ticket_is_raised_to_the_head_of_lpse_before_the_stage_ends(db, officer):
    from lentera.accounts.tests.factories import user_with_role
    from lentera.core.dashboard import items_for
    from lentera.core.roles import Role
    from lentera.tendering.tests.factories import SETUP_AT

    kasubag = user_with_role(Role.KASUBAG_LPSE)
    with clock(SETUP_AT):
        tw = build(providers=1)
        tender = create_tender(tw)
    start, end = window(tender, Stage.EXPLANATION)
    with clock(start + dt.timedelta(minutes=5)):
        ticket = _new(tw.members[0], category=Category.TECH_APPLICATION, tender=tender)

    def alert_titles(at):
        with clock(at):
            return [i.title for i in items_for(kasubag, Role.KASUBAG_LPSE) if "Pasal 18" in i.hint]

    assert selectors.pasal18_alerts(end - dt.timedelta(hours=25)) == []  # further than the lead: no alert yet
    assert len(alert_titles(end - dt.timedelta(hours=2))) == 1
    with clock(end - dt.timedelta(hours=1)):
        services.ticket_assign(actor=officer, ticket=ticket, assignee=officer)
        services.ticket_reply(actor=officer, ticket=ticket, body="Sedang ditangani")
    assert alert_titles(end - dt.timedelta(minutes=30)) == []
