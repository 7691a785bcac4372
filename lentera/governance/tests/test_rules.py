"""Each rule of governance/rules.py, named after its function."""

import datetime as dt

import pytest

from lentera.governance import rules
from lentera.governance.enums import DecreeKind, LpseField, Position
from lentera.governance.errors import GovernanceError

DAY = dt.date(2026, 7, 3)


def _post(position, field="", role="", held=None, kind=DecreeKind.LPSE_TEAM):
    rules.check_lpse_team_post(
        decree_kind=kind, position=position, lpse_field=field, role=role, held=held or {}, on=DAY
    )


def test_lpse_team_shape_is_perbup_pasal_3():
    shape = rules.lpse_team_shape(DAY)
    assert shape.members_per_field == 4
    assert shape.single_posts == {Position.LPSE_CHAIR, Position.LPSE_SECRETARY}
    assert "Pasal 3" in shape.citation
    with pytest.raises(rules.RuleError):
        rules.lpse_team_shape(dt.date(2020, 12, 31))


def test_check_lpse_team_post_allows_four_members_per_field_and_refuses_the_fifth():
    _post(Position.LPSE_MEMBER, LpseField.SYSTEM, held={(Position.LPSE_MEMBER, LpseField.SYSTEM): 3})
    with pytest.raises(GovernanceError) as exc:
        _post(Position.LPSE_MEMBER, LpseField.SYSTEM, held={(Position.LPSE_MEMBER, LpseField.SYSTEM): 4})
    assert exc.value.code == "LPSE_FIELD_FULL" and exc.value.status == 409
    assert "Perbup PPU 2/2021 Pasal 3" in str(exc.value)
    # another field still has room
    _post(Position.LPSE_MEMBER, LpseField.SERVICE, held={(Position.LPSE_MEMBER, LpseField.SYSTEM): 4})


def test_check_lpse_team_post_one_chair_one_secretary_who_is_the_sysadmin():
    _post(Position.LPSE_CHAIR)
    with pytest.raises(GovernanceError) as exc:
        _post(Position.LPSE_CHAIR, held={(Position.LPSE_CHAIR, ""): 1})
    assert exc.value.code == "LPSE_POST_TAKEN"
    _post(Position.LPSE_SECRETARY, role="SYSADMIN")
    with pytest.raises(GovernanceError) as exc:
        _post(Position.LPSE_SECRETARY, role="HELPDESK")
    assert exc.value.code == "SECRETARY_IS_SYSADMIN"
    # the secretariat has no fixed size
    _post(Position.LPSE_SECRETARIAT, held={(Position.LPSE_SECRETARIAT, ""): 12})


def test_check_lpse_team_post_needs_a_bupati_decree_and_a_field_for_members():
    with pytest.raises(GovernanceError) as exc:
        _post(Position.LPSE_MEMBER, LpseField.SYSTEM, kind=DecreeKind.UKPBJ_STAFF)
    assert exc.value.code == "LPSE_TEAM_NEEDS_BUPATI_DECREE"
    with pytest.raises(GovernanceError) as exc:
        _post(Position.LPSE_MEMBER)
    assert exc.value.code == "FIELD_REQUIRED"
    with pytest.raises(GovernanceError) as exc:
        _post(Position.LPSE_CHAIR, LpseField.SYSTEM)
    assert exc.value.code == "FIELD_NOT_LPSE"


def test_check_lpse_team_post_staff_appointment_names_a_role():
    _post(Position.STAFF, role="HELPDESK", kind=DecreeKind.UKPBJ_STAFF)
    with pytest.raises(GovernanceError) as exc:
        _post(Position.STAFF, kind=DecreeKind.UKPBJ_STAFF)
    assert exc.value.code == "ROLE_REQUIRED"
    with pytest.raises(GovernanceError):
        _post(Position.STAFF, LpseField.SYSTEM, role="HELPDESK", kind=DecreeKind.UKPBJ_STAFF)


def test_certificate_valid_on_covers_issue_day_to_last_day():
    issued, expires = dt.date(2024, 1, 10), dt.date(2027, 1, 9)
    assert rules.certificate_valid_on(issued_on=issued, expires_on=expires, on=issued)
    assert rules.certificate_valid_on(issued_on=issued, expires_on=expires, on=expires)
    assert not rules.certificate_valid_on(
        issued_on=issued, expires_on=expires, on=expires + dt.timedelta(days=1)
    )
    assert not rules.certificate_valid_on(
        issued_on=issued, expires_on=expires, on=issued - dt.timedelta(days=1)
    )
    assert rules.certificate_valid_on(issued_on=issued, expires_on=None, on=dt.date(2040, 1, 1))


def test_certificate_warning_days_is_dated_rule_data():
    assert rules.certificate_warning_days(DAY) == 90
    with pytest.raises(rules.RuleError):
        rules.certificate_warning_days(dt.date(2019, 1, 1))


def test_check_pokja_certificate_refuses_another_persons_or_a_lapsed_certificate():
    rules.check_pokja_certificate(registered_to_member=True, valid=True, number="X")
    with pytest.raises(GovernanceError) as exc:
        rules.check_pokja_certificate(registered_to_member=False, valid=True, number="X")
    assert exc.value.code == "POKJA_CERTIFICATE_OF_ANOTHER"
    with pytest.raises(GovernanceError) as exc:
        rules.check_pokja_certificate(registered_to_member=True, valid=False, number="X")
    assert exc.value.code == "POKJA_CERTIFICATE_EXPIRED" and "Pasal 15 ayat (3)" in str(exc.value)
