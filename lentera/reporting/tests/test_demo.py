"""The reporting part of the demo: a draft semester report with its text for the head of the UKPBJ; loading twice
adds nothing (the whole demo loader is not run here: it is slow, and the other apps' demo tests run it)."""

import pytest

from lentera.core.demo import DemoContext
from lentera.planning.tests import factories as pf
from lentera.reporting import demo
from lentera.reporting.models import Report


@pytest.mark.django_db
def test_demo_draft_report_for_the_head_of_ukpbj():
    w = pf.build_world()
    ctx = DemoContext(password="x", objects={"kepala.ukpbj": w["kepala"], "agency": w.agency})
    demo.load(ctx)
    report = Report.objects.get()
    assert (report.state, report.agency, report.created_by) == ("DRAFT", w.agency, w["kepala"])
    assert report.kind in ("S1", "S2") and report.analysis and report.recommendations
    assert f"/monitoring/laporan/{report.pk}/" in ctx.notes[0]
    demo.load(DemoContext(password="x", objects=ctx.objects))
    assert Report.objects.count() == 1


def test_demo_needs_the_accounts_part():
    ctx = DemoContext(password="x")
    demo.load(ctx)
    assert ctx.notes == []
