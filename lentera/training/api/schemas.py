from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from lentera.core.schemas import InputSchema

from ..enums import Audience


class CourseIn(InputSchema):
    code: str = Field(min_length=1, max_length=32)
    title: str = Field(min_length=1, max_length=200)
    audience: Audience
    description: str = Field("", max_length=10000)


class CourseOut(Schema):
    id: int
    code: str
    title: str
    audience: str


class SessionIn(InputSchema):
    course_id: int = Field(ge=1)
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int = Field(ge=1, le=500)
    room_id: int | None = Field(None, ge=1)
    online_url: str = Field("", max_length=200)
    trainer_id: int | None = Field(None, ge=1, description="a trainer's id; empty: the caller")


class SessionOut(Schema):
    id: int
    course_id: int
    course_code: str
    course_title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    room_id: int | None
    trainer_id: int
    capacity: int
    confirmed: int
    waiting: int
    status: str


class RegistrationOut(Schema):
    id: int
    session_id: int
    status: str
    attended: bool | None
    certificate_code: str | None


class RosterRowOut(RegistrationOut):
    person_id: int
    person_name: str


class AttendanceIn(InputSchema):
    present: list[int] = Field(default_factory=list, description="registration ids of those present")


class FeedbackIn(InputSchema):
    rating: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=4000)


class FeedbackOut(Schema):
    registration_id: int
    rating: int


class TrainingCertificateOut(Schema):
    code: str
    holder_name: str
    course_title: str
    session_date: dt.date
    issued_at: dt.datetime
    valid: bool
    revoked_at: dt.datetime | None


class CertificateRevokeIn(InputSchema):
    reason: str = Field(min_length=1, max_length=500)


class BookingIn(InputSchema):
    room_id: int = Field(ge=1)
    starts_at: dt.datetime
    ends_at: dt.datetime
    purpose: str = Field(min_length=1, max_length=200)


class BookingOut(Schema):
    id: int
    room_id: int
    room_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    purpose: str
    active: bool
    session_id: int | None


class ScheduleRoomOut(Schema):
    room_id: int
    room_name: str
    kind: str
    bookings: list[BookingOut]


class CourseStatOut(Schema):
    code: str
    title: str
    sessions: int
    registrations: int
    attendees: int
    certificates: int
    feedback: int
    mean_rating: Decimal | None


class VerificationBookingOut(BookingOut):
    provider_name: str


class VerificationDayOut(Schema):
    day: dt.date
    bookings: list[VerificationBookingOut]
