"""Every (state, action, party) of the transition table: the allowed ones move as drawn, every other is refused."""

import itertools

import pytest

from lentera.servicedesk import states
from lentera.servicedesk.errors import ServiceDeskError
from lentera.servicedesk.states import OFFICER, REPORTER, Action, Status

EXPECTED = {
    (Status.NEW, Action.OPEN, OFFICER): Status.OPEN,
    (Status.NEW, Action.ASSIGN, OFFICER): Status.ASSIGNED,
    (Status.OPEN, Action.ASSIGN, OFFICER): Status.ASSIGNED,
    (Status.ASSIGNED, Action.ASSIGN, OFFICER): Status.ASSIGNED,
    (Status.WAITING, Action.ASSIGN, OFFICER): Status.WAITING,
    (Status.NEW, Action.REPLY, OFFICER): Status.NEW,
    (Status.NEW, Action.REPLY, REPORTER): Status.NEW,
    (Status.OPEN, Action.REPLY, OFFICER): Status.OPEN,
    (Status.OPEN, Action.REPLY, REPORTER): Status.OPEN,
    (Status.ASSIGNED, Action.REPLY, OFFICER): Status.ASSIGNED,
    (Status.ASSIGNED, Action.REPLY, REPORTER): Status.ASSIGNED,
    (Status.WAITING, Action.REPLY, OFFICER): Status.WAITING,
    (Status.WAITING, Action.REPLY, REPORTER): Status.ASSIGNED,
    (Status.RESOLVED, Action.REPLY, OFFICER): Status.RESOLVED,
    (Status.RESOLVED, Action.REPLY, REPORTER): Status.RESOLVED,
    **{(s, Action.NOTE, OFFICER): s for s in Status},
    (Status.ASSIGNED, Action.WAIT, OFFICER): Status.WAITING,
    (Status.ASSIGNED, Action.RESOLVE, OFFICER): Status.RESOLVED,
    (Status.WAITING, Action.RESOLVE, OFFICER): Status.RESOLVED,
    (Status.RESOLVED, Action.CLOSE, OFFICER): Status.CLOSED,
    (Status.RESOLVED, Action.CLOSE, REPORTER): Status.CLOSED,
    (Status.RESOLVED, Action.REOPEN, OFFICER): Status.ASSIGNED,
    (Status.RESOLVED, Action.REOPEN, REPORTER): Status.ASSIGNED,
    (Status.CLOSED, Action.REOPEN, OFFICER): Status.ASSIGNED,
    # Lampiran 2.3 d 7: out of scope, closed with a referral, from any active state, by the desk only
    **{(s, Action.OUT_OF_SCOPE, OFFICER): Status.CLOSED for s in states.ACTIVE},
}

ALL = list(itertools.product(Status, Action, (OFFICER, REPORTER)))


@pytest.mark.parametrize(("state", "action", "party"), [k for k in ALL if k in EXPECTED])
def test_allowed_transition_moves_as_drawn(state, action, party):
    assert states.transition(state, action, party) == EXPECTED[(state, action, party)]


@pytest.mark.parametrize(("state", "action", "party"), [k for k in ALL if k not in EXPECTED])
def test_other_transition_is_refused(state, action, party):
    with pytest.raises(ServiceDeskError) as exc:
        states.transition(state, action, party)
    assert exc.value.code == "TRANSITION_NOT_ALLOWED"
    assert exc.value.status == 409
    assert action not in states.actions_for(state, party)


def test_reporter_never_notes_assigns_or_resolves():
    for state in Status:
        assert not {Action.NOTE, Action.ASSIGN, Action.RESOLVE, Action.WAIT} & set(
            states.actions_for(state, REPORTER)
        )
