"""Every tendering page renders for the roles it is for, at each stage of a tender."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lentera.core.roles import Role
from lentera.tendering.enums import Stage
from lentera.testing import login_client

from .factories import build, clock, create_tender, evaluate_all, inside, opened


@pytest.mark.django_db
def test_pages_render_through_the_stages(at_setup):
    tw = build(providers=2)
    t = create_tender(tw)
    offers = opened(tw, ["2100000000", "2000000000"])
    for stage in (Stage.ANNOUNCEMENT, Stage.EXPLANATION, Stage.EVALUATION, Stage.WINNER_DECISION):
        with clock(inside(t, stage)):
            if stage == Stage.EVALUATION:
                evaluate_all(tw, offers)
            for user, role in (
                (tw.chair, Role.POKJA),
                (tw.provider_user(0), Role.PENYEDIA),
                (tw.ppk, Role.PPK),
                (tw.pa, Role.PA),
                (tw.w["auditor"], Role.AUDITOR),
            ):
                c = login_client(user, role)
                r = c.get(reverse("tendering:detail", args=[t.pk]))
                assert r.status_code == 200, (stage, role)
                assert c.get(reverse("tendering:workspace")).status_code == 200
                assert c.get(reverse("accounts:dashboard")).status_code == 200
            if stage == Stage.EVALUATION:
                r = login_client(tw.chair, Role.POKJA).get(reverse("tendering:evaluation", args=[t.pk]))
                assert r.status_code == 200 and tw.providers[0].name in r.content.decode()
    anon = Client()
    assert anon.get(reverse("tendering:list")).url == reverse("public:tender_search")
    page = anon.get(reverse("tendering:detail", args=[t.pk])).content.decode()
    assert t.code in page
