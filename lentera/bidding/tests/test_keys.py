"""Opening keys, envelope creation and the Shamir plan (Permendagri 53/2021 Lampiran 2.4: Pokja majority)."""

from __future__ import annotations

import base64
import io
import itertools

import pytest
from django.core.management import call_command

from lentera.bidding import rules
from lentera.bidding.crypto import keys as crypto_keys
from lentera.bidding.crypto import open_share, public_key_fingerprint, rebuild_private_key, unwrap_member_key
from lentera.bidding.errors import BiddingError
from lentera.bidding.models import KeyShare, MemberOpeningKey, TenderEnvelope
from lentera.bidding.models.keys import b64decode
from lentera.bidding.services import keys as key_services
from lentera.bidding.services import opening_key_change_passphrase, opening_key_set, tender_keys_create
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.tendering.enums import Envelope

from .factories import PASSPHRASE, give_opening_keys, make_tender

pytestmark = pytest.mark.django_db


def test_pokja_majority_is_the_share_plan_threshold():
    assert [rules.pokja_majority(n) for n in (2, 3, 4, 5, 7)] == [2, 2, 3, 3, 4]
    plan = rules.share_plan(3, witness=False)
    assert (plan.threshold, plan.share_count) == (2, 3)
    plan = rules.share_plan(5, witness=False)
    assert (plan.threshold, plan.share_count) == (3, 5)


@pytest.mark.parametrize("members", [3, 5, 7])
def test_share_plan_witness_share_never_replaces_a_pokja_majority(members):
    plan = rules.share_plan(members, witness=True)
    majority = rules.pokja_majority(members)
    assert plan.share_count == members + 1
    assert plan.threshold == majority + 1
    # the witness alone, or with fewer than a majority of members, stays below the threshold
    for k in range(majority):
        assert k + 1 < plan.threshold
    # a majority plus the witness reaches it; so do majority + 1 members
    assert majority + 1 >= plan.threshold


def test_opening_key_set_wraps_the_private_key_and_is_audited(make_user):
    user = make_user(Role.POKJA)
    key = opening_key_set(actor=user, passphrase=PASSPHRASE, passphrase_confirm=PASSPHRASE)
    assert key.bundle["public_key"] == key.public_key
    private = unwrap_member_key(key.bundle, PASSPHRASE)
    assert crypto_keys.public_key_from_private(private) == key.public_key_bytes
    event = AuditEvent.objects.get(action="bidding.opening_key.create")
    assert event.after["fingerprint"] == key.fingerprint
    assert PASSPHRASE not in str(event.after)


@pytest.mark.parametrize(
    ("passphrase", "confirm", "code"),
    [
        ("pendek", "pendek", "PASSPHRASE_TOO_SHORT"),
        ("Buka-Sampul-2026!", "Buka-Sampul-2027!", "PASSPHRASE_MISMATCH"),
        ("aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa", "PASSPHRASE_TOO_SIMPLE"),
        ("Rahasia-Uji-2026", "Rahasia-Uji-2026", "PASSPHRASE_IS_LOGIN_PASSWORD"),
    ],
)
def test_opening_passphrase_policy(make_user, passphrase, confirm, code):
    user = make_user(Role.POKJA)
    with pytest.raises(BiddingError) as exc:
        opening_key_set(actor=user, passphrase=passphrase, passphrase_confirm=confirm)
    assert exc.value.code == code
    assert not MemberOpeningKey.objects.exists()


def test_opening_key_only_for_key_holder_roles(make_user):
    from lentera.core.errors import AccessDenied

    with pytest.raises(AccessDenied):
        opening_key_set(actor=make_user(Role.PENYEDIA), passphrase=PASSPHRASE, passphrase_confirm=PASSPHRASE)


def test_change_passphrase_keeps_key_pair(make_user):
    user = make_user(Role.POKJA)
    key = opening_key_set(actor=user, passphrase=PASSPHRASE, passphrase_confirm=PASSPHRASE)
    with pytest.raises(BiddingError) as exc:
        opening_key_change_passphrase(
            actor=user,
            old_passphrase="salah-salah-salah",
            new_passphrase="Kata-Baru-2026!",
            new_passphrase_confirm="Kata-Baru-2026!",
        )
    assert exc.value.code == "WRONG_PASSPHRASE"
    opening_key_change_passphrase(
        actor=user,
        old_passphrase=PASSPHRASE,
        new_passphrase="Kata-Baru-2026!",
        new_passphrase_confirm="Kata-Baru-2026!",
    )
    key.refresh_from_db()
    private = unwrap_member_key(key.bundle, "Kata-Baru-2026!")
    assert crypto_keys.public_key_from_private(private) == key.public_key_bytes
    with pytest.raises(BiddingError):
        opening_key_set(actor=user, passphrase=PASSPHRASE, passphrase_confirm=PASSPHRASE)


@pytest.mark.parametrize(
    ("members", "envelope", "kinds", "threshold"),
    [
        (3, Envelope.ONE_FILE, ["SINGLE"], 2),
        (5, Envelope.ONE_FILE, ["SINGLE"], 3),
        (3, Envelope.TWO_FILES, ["ADMIN_TECH", "PRICE"], 2),
        (5, Envelope.TWO_STAGES, ["ADMIN_TECH", "PRICE"], 3),
    ],
)
def test_tender_keys_split_among_pokja_majority(members, envelope, kinds, threshold):
    world = make_tender(members=members, envelope=envelope)
    give_opening_keys(world.members)
    envelopes = tender_keys_create(actor=world.members[0], tender=world.tender)
    assert sorted(e.kind for e in envelopes) == sorted(kinds)
    for env in envelopes:
        assert (env.threshold, env.share_count) == (threshold, members)
        shares = []
        for user in world.members:
            ks = KeyShare.objects.get(envelope=env, holder=user)
            private = unwrap_member_key(user.opening_key.bundle, PASSPHRASE)
            shares.append(open_share(private, b64decode(ks.sealed_share), env.share_context()))
        for quorum in itertools.combinations(shares, threshold):
            rebuild_private_key(list(quorum), env.public_key_bytes)
        for minority in itertools.combinations(shares, threshold - 1):
            with pytest.raises(Exception):
                rebuild_private_key(list(minority), env.public_key_bytes)
    assert AuditEvent.objects.filter(action="bidding.envelope.create").count() == len(kinds)
    # idempotent
    assert len(tender_keys_create(actor=world.members[0], tender=world.tender)) == len(kinds)
    assert TenderEnvelope.objects.filter(tender=world.tender).count() == len(kinds)


def test_announcement_refused_listing_members_without_opening_key():
    world = make_tender(members=3)
    give_opening_keys(world.members[:1])
    with pytest.raises(BiddingError) as exc:
        tender_keys_create(actor=world.members[0], tender=world.tender)
    assert exc.value.code == "OPENING_KEY_MISSING"
    for user in world.members[1:]:
        assert user.user_id in str(exc.value)
    assert world.members[0].user_id not in str(exc.value)
    assert not TenderEnvelope.objects.exists()


def test_key_swapped_in_database_is_refused():
    world = make_tender(members=3)
    give_opening_keys(world.members)
    # a database administrator plants their own key for member 2
    planted = crypto_keys.create_member_key("kunci-dba-palsu-2026")
    MemberOpeningKey.objects.filter(user=world.members[1]).update(
        public_key=base64.b64encode(planted.public_key).decode(),
        fingerprint=public_key_fingerprint(planted.public_key),
        bundle=planted.to_dict(),
    )
    with pytest.raises(BiddingError) as exc:
        tender_keys_create(actor=world.members[0], tender=world.tender)
    assert exc.value.code == "OPENING_KEY_UNVERIFIED"


def test_witness_share_for_kasubag_lpse(settings, make_user):
    witness = make_user(Role.KASUBAG_LPSE)
    settings.LENTERA_OPENING_WITNESS_SHARE = witness.user_id
    world = make_tender(members=3)
    give_opening_keys([*world.members, witness])
    (env,) = tender_keys_create(actor=world.members[0], tender=world.tender)
    assert (env.threshold, env.share_count, env.has_witness_share) == (3, 4, True)
    assert KeyShare.objects.get(envelope=env, holder=witness).holder_role == KeyShare.HolderRole.WITNESS


def test_private_key_is_nowhere_after_the_split(monkeypatch, media_root):
    captured = []
    real = key_services.generate_envelope_keypair

    def spy():
        pair = real()
        captured.append(pair[0])
        return pair

    monkeypatch.setattr(key_services, "generate_envelope_keypair", spy)
    world = make_tender(members=3, envelope=Envelope.TWO_FILES)
    give_opening_keys(world.members)
    tender_keys_create(actor=world.members[0], tender=world.tender)
    assert len(captured) == 2
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    dump = out.getvalue()
    for private in captured:
        for form in (
            private.hex(),
            base64.b64encode(private).decode(),
            base64.urlsafe_b64encode(private).decode(),
        ):
            assert form not in dump
    for path in media_root.rglob("*"):
        if path.is_file():
            assert not any(p in path.read_bytes() for p in captured)
