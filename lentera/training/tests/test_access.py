"""The role x action matrix of the training and room pages (lentera.testing.run_matrix): a role not allowed is
refused and the database does not change; and the scopes: a registrant's own registrations, a trainer's own
sessions."""

from django.urls import reverse

from lentera.core.roles import Role
from lentera.tendering.tests.factories import clock
from lentera.testing import Action, db_fingerprint, login_client, run_matrix
from lentera.training.models import Registration

from .conftest import BEFORE

EVERYONE = frozenset(Role.values)
MANAGERS = frozenset({Role.TRAINER, Role.KASUBAG_LPSE})
SCHEDULE = frozenset({Role.HELPDESK, Role.KASUBAG_LPSE, Role.VERIFIKATOR, Role.TRAINER})


def test_training_pages_follow_the_matrix(attended, session, users_by_role):
    def get(name, *args):
        url = reverse(f"training:{name}", args=args)
        return lambda c, h: c.get(url)

    def post(name, *args, data=None):
        url = reverse(f"training:{name}", args=args)
        return lambda c, h: c.post(url, data or {})

    code = attended.certificate.code
    # the users_by_role trainer does not run the session, so the session pages answer 404 to it (scope), which
    # the matrix counts as allowed-not-refused; the KASUBAG sees every session
    actions = [
        Action("index", EVERYONE, get("index"), anonymous_allowed=True),
        Action("session", EVERYONE, get("session", session.pk), anonymous_allowed=True),
        Action("verify", EVERYONE, get("verify", code), anonymous_allowed=True),
        Action("mine", EVERYONE, get("mine")),
        Action("manage", MANAGERS, get("manage")),
        Action("stats", MANAGERS, get("stats")),
        Action("course_create", MANAGERS, post("course_create", data={"code": "", "title": ""})),
        Action("attendance", MANAGERS, post("attendance", session.pk)),
        Action("issue", MANAGERS, post("issue", session.pk)),
        Action("session_cancel", MANAGERS, post("session_cancel", session.pk, data={"reason": ""})),
        Action("revoke", MANAGERS, post("revoke", session.pk, attended.certificate.pk, data={"reason": ""})),
        Action("bookings", frozenset({Role.PENYEDIA}), get("bookings")),
        Action("schedule", SCHEDULE, get("schedule")),
    ]
    with clock(BEFORE):
        assert run_matrix(actions, users_by_role) == []


def test_registrants_and_trainers_stay_in_their_scope(attended, session, provider, make_user):
    stranger = login_client(make_user(Role.PENYEDIA), Role.PENYEDIA)
    other_trainer = login_client(make_user(Role.TRAINER), Role.TRAINER)
    before = db_fingerprint()
    with clock(BEFORE):
        assert stranger.post(reverse("training:cancel", args=[attended.pk])).status_code == 404
        assert (
            stranger.post(reverse("training:feedback", args=[attended.pk]), {"rating": 5}).status_code == 404
        )
        assert stranger.get(reverse("training:certificate_pdf", args=[attended.pk])).status_code == 404
        assert other_trainer.get(reverse("training:manage_session", args=[session.pk])).status_code == 404
        assert other_trainer.post(reverse("training:issue", args=[session.pk])).status_code == 404
    assert db_fingerprint() == before
    assert Registration.objects.get(pk=attended.pk).status == "CONFIRMED"
