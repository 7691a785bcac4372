from __future__ import annotations

import datetime as dt

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from lentera.accounts.models import Agency, RoleAssignment, User, WorkUnit
from lentera.core.roles import Role


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AG{n:03d}")
    name = factory.Sequence(lambda n: f"Pemerintah Kabupaten Uji {n}")
    kind = Agency.Kind.REGENCY
    apbd_agreed_years = factory.LazyFunction(lambda: [2026, 2027])


class WorkUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkUnit

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"WU{n:03d}")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    kind = WorkUnit.Kind.SATKER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    user_id = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Pengguna Uji {n}")
    email = factory.LazyAttribute(lambda o: f"{o.user_id}@example.go.id")
    status = User.Status.ACTIVE
    password = factory.PostGenerationMethodCall("set_password", "Rahasia-Uji-2026")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.PPK
    work_unit = factory.SubFactory(WorkUnitFactory)
    agency = factory.LazyAttribute(lambda o: o.work_unit.agency if o.work_unit else None)
    starts_on = dt.date(2020, 1, 1)
    decree_number = factory.Sequence(lambda n: f"SK/{n}/2026")


PASSWORD = "Rahasia-Uji-2026"


def user_with_role(
    role: str, *, work_unit: WorkUnit | None = None, totp: bool | None = None, **user_kwargs
) -> User:
    """A user holding `role` (in `work_unit`, or a fresh one), with a confirmed TOTP device for staff.

    `totp=None` (default) gives a device to staff roles only; providers have none unless `totp=True`.
    """
    user = UserFactory.create(**user_kwargs)
    if role == Role.PENYEDIA:
        RoleAssignmentFactory(user=user, role=role, work_unit=None, agency=None, decree_number="")
    else:
        RoleAssignmentFactory(user=user, role=role, work_unit=work_unit or WorkUnitFactory())
    if totp or (totp is None and role != Role.PENYEDIA):
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user
