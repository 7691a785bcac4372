"""Demo training and rooms of Kabupaten Contoh's LPSE: the helpdesk officer (Trainer by the LPSE team decree)
ran "SPSE bagi Penyedia" on the last working day (two providers registered, one came: attendance, a certificate
and feedback), a full session next week with a waiting list, and a provider's slot in the bidding room.
Idempotent: nothing is added for a course that already has sessions."""

from __future__ import annotations

import datetime as dt

from lentera.accounts import selectors as account_selectors
from lentera.core.calendar import JAKARTA, add_working_days, local_date, previous_working_day
from lentera.core.clock import db_now, freeze_db_clock
from lentera.core.demo import DemoContext
from lentera.core.roles import Role
from lentera.core.seeds import reseed

from . import rooms, services
from .enums import Audience, RoomKind
from .models import Course, Room


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=JAKARTA).astimezone(dt.UTC)


def load(ctx: DemoContext) -> None:
    reseed("training.0002_service_rooms:add_rooms")  # a flushed database lost the migrations' reference rows
    helpdesk = ctx.objects.get("helpdesk")
    trainer = (
        account_selectors.user_by_pk(helpdesk.pk) if helpdesk else None
    )  # fresh: roles are cached per object
    if trainer is None or Role.TRAINER not in trainer.active_role_codes():
        return  # accounts' or governance's demo did not run
    people = [p.account for p in ctx.objects.get("providers", {}).values() if p.account_id][:2]
    pokja = ctx.objects.get("pokja1")
    rooms.ensure_standard_rooms()
    room = Room.objects.filter(kind=RoomKind.TRAINING).first()
    bidding = Room.objects.filter(kind=RoomKind.BIDDING).first()
    if len(people) < 2 or room is None or bidding is None:
        return
    course = Course.objects.filter(code="SPSE-PENYEDIA").first()
    if course is None:
        course = services.course_create(
            actor=trainer,
            code="SPSE-PENYEDIA",
            title="Penggunaan SPSE bagi Penyedia",
            audience=Audience.PROVIDER,
            description="Pendaftaran, penawaran terenkripsi, dan tanda terima elektronik.",
        )
    if course.sessions.exists():
        return
    today = local_date(db_now())
    held = previous_working_day(today)
    with freeze_db_clock(_at(held, 8)):
        past = services.session_create(
            actor=trainer,
            course=course,
            starts_at=_at(held, 9),
            ends_at=_at(held, 12),
            capacity=20,
            room=room,
        )
        came = services.register(actor=people[0], session=past)
        services.register(actor=people[1], session=past)
    with freeze_db_clock(_at(held, 10)):
        services.attendance_record(actor=trainer, session=past, present={came.pk})
        services.certificates_issue(actor=trainer, session=past)
    with freeze_db_clock(_at(held, 13)):
        services.feedback_give(
            actor=people[0], registration=came, rating=5, comment="Materi jelas dan praktis."
        )
    ahead = add_working_days(today, 5)
    upcoming = services.session_create(
        actor=trainer, course=course, starts_at=_at(ahead, 9), ends_at=_at(ahead, 15), capacity=2, room=room
    )
    for person in [*people, pokja]:
        if person is not None:
            services.register(actor=person, session=upcoming)  # the third waits for a seat
    slot = add_working_days(today, 1)
    rooms.booking_create(
        actor=people[0],
        room=bidding,
        starts_at=_at(slot, 9),
        ends_at=_at(slot, 11),
        purpose="Pemasukan penawaran dengan pendampingan petugas LPSE",
    )
    ctx.notes.append(
        "Training: /pelatihan/ (public); helpdesk (acting as Pelatih) runs /pelatihan/kelola/ - yesterday's session "
        "has a certificate to check at /pelatihan/sertifikat/, next week's is full with a waiting list; "
        "front desk day: /pelatihan/ruang/jadwal/."
    )
