"""The report's sanctions and maturity / standards sections, over rows built here, against hand counts and an
independent ORM count; another instansi's rows never show."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lentera.accounts.models import RoleAssignment
from lentera.accounts.tests.factories import AgencyFactory, WorkUnitFactory, user_with_role
from lentera.core.calendar import JAKARTA
from lentera.core.roles import Role
from lentera.governance.maturity import selectors as maturity_selectors
from lentera.governance.maturity import services as maturity_services
from lentera.governance.maturity.models import MaturityVariable
from lentera.governance.standards.models import InternalReview, LpseStandard, StandardRecord
from lentera.providers.models import BlacklistEntry, BlacklistProposal
from lentera.providers.tests.factories import make_verified_provider
from lentera.reporting import figures, sections, sections_lpse, selectors
from lentera.reporting.tests import scenario as sc

D = dt.date


def _at(y: int, m: int, d: int) -> dt.datetime:
    return dt.datetime(y, m, d, 10, 0, tzinfo=JAKARTA)


def _entry(requester, category: str, decree: dt.date, ends: dt.date, n: int) -> BlacklistEntry:
    return BlacklistEntry.objects.create(
        npwp=f"{n:016d}",
        provider_name=f"CV Sanksi {n}",
        decree_number=f"SK/DH/{n}",
        decree_date=decree,
        violation="Pelanggaran",
        category=category,
        starts_on=decree,
        ends_on=ends,
        requested_by=requester,
        entered_by=requester,
    )


def _proposal(ppk, provider, proposed: dt.datetime, status: str, decided: dt.datetime | None):
    return BlacklistProposal.objects.create(
        provider=provider,
        npwp=provider.npwp or "0" * 16,
        provider_name="PT Usulan",
        category="NON_PERFORMANCE",
        violation="Kontrak diputus",
        source="Pemutusan kontrak",
        proposed_by=ppk,
        proposed_at=proposed,
        status=status,
        decided_by=ppk if decided else None,
        decided_at=decided,
    )


@pytest.fixture
def sanctions(world):
    w = world.w
    other_pa = user_with_role(Role.PA, work_unit=WorkUnitFactory(agency=AgencyFactory()))
    _entry(w["pa"], "FALSE_DOCUMENTS", D(2026, 2, 1), D(2028, 2, 1), 1)  # S1, in force all year
    _entry(w["kpa"], "WITHDRAWAL", D(2026, 8, 1), D(2027, 8, 1), 2)  # S2
    _entry(w["pa"], "NON_PERFORMANCE", D(2024, 3, 1), D(2025, 3, 1), 3)  # expired before the year
    _entry(other_pa, "COLLUSION", D(2026, 3, 1), D(2028, 3, 1), 4)  # another instansi's
    provider = make_verified_provider(name="PT Diusulkan")
    _proposal(w["ppk"], provider, _at(2026, 3, 1), "ENTERED", _at(2026, 3, 10))
    _proposal(w["ppk_dinkes"], provider, _at(2026, 5, 1), "DISMISSED", _at(2026, 7, 5))
    _proposal(w["ppk"], provider, _at(2026, 6, 1), "OPEN", None)
    _proposal(user_with_role(Role.PPK, work_unit=WorkUnitFactory()), provider, _at(2026, 4, 1), "OPEN", None)
    return world


def _section(world, kind: str, today: dt.date, role=Role.KEPALA_UKPBJ, user=None):
    user = user or world.kepala
    agency_id = world.w.agency.pk
    s = selectors.scoped(user=user, role=role, filters=sections.filters_for(kind, sc.YEAR, agency_id, today))
    rows = selectors.sanction_figures(user=user, role=role, agency_id=agency_id)
    out = sections_lpse.sanctions_section(s, rows)
    by_category = {r[0]: (r[1], r[2]) for r in out["tables"][0]["rows"]}
    return by_category, dict(out["tables"][1]["rows"])


def test_sanctions_section_counts_decrees_in_force_and_proposals(sanctions):
    cats, proposals = _section(sanctions, "S1", D(2026, 12, 1))
    assert cats["Menyampaikan dokumen atau keterangan palsu/tidak benar"] == (1, 1)
    assert cats["Mengundurkan diri tanpa alasan yang dapat diterima"] == (0, 0)  # decreed in August
    assert cats["Terindikasi persekongkolan atau KKN"] == (0, 0)  # another instansi's PA asked for it
    assert cats["Jumlah"] == (1, 1)
    assert proposals == {
        "Diusulkan dalam periode": 3,
        "Dicatat dalam daftar hitam": 1,
        "Tidak ditindaklanjuti": 0,  # decided on 5 July
        "Menunggu keputusan PA/KPA": 2,  # on 30 June: the dismissed one was still open
    }
    cats, proposals = _section(sanctions, "ANNUAL", D(2027, 1, 5))
    assert cats["Jumlah"] == (2, 2)
    assert (proposals["Tidak ditindaklanjuti"], proposals["Menunggu keputusan PA/KPA"]) == (1, 1)


def test_sanctions_match_an_independent_count(sanctions):
    """Entries decreed in 2026 by someone holding a role in the instansi, counted through the role assignments."""
    agency = sanctions.w.agency
    people = set(
        RoleAssignment.objects.filter(work_unit__agency=agency).values_list("user_id", flat=True)
    ) | set(RoleAssignment.objects.filter(agency=agency).values_list("user_id", flat=True))
    expected = sum(
        1
        for e in BlacklistEntry.objects.all()
        if e.requested_by_id in people and e.decree_date.year == sc.YEAR
    )
    cats, _p = _section(sanctions, "ANNUAL", D(2027, 1, 5))
    assert cats["Jumlah"][0] == expected == 2


def test_sanctions_of_an_instansi_the_reader_does_not_hold_are_empty(sanctions):
    stranger = user_with_role(Role.KEPALA_UKPBJ, work_unit=WorkUnitFactory())
    rows = selectors.sanction_figures(user=stranger, role=Role.KEPALA_UKPBJ, agency_id=sanctions.w.agency.pk)
    assert rows == {"entries": [], "proposals": []}
    assert selectors.sanction_figures(
        user=sanctions.w["ppk"], role=Role.PPK, agency_id=sanctions.w.agency.pk
    ) == {
        "entries": [],
        "proposals": [],
    }


@pytest.fixture
def governance(world):
    w = world.w
    assessment = maturity_services.assessment_start(actor=w["kepala"], agency=w.agency, year=sc.YEAR)
    variables = maturity_selectors.variables_of(assessment.model)
    first_domain = next(
        v.domain for v in variables if sum(x.domain_id == v.domain_id for x in variables) >= 2
    )
    answered = [v for v in variables if v.domain_id == first_domain.pk][:2]
    for v, level in zip(answered, (2, 3), strict=True):
        maturity_services.answer_save(
            actor=w["kepala"], assessment=assessment, variable=v, level=level, justification="bukti ada"
        )
    for number, status in ((1, "COMPLIANT"), (2, "COMPLIANT"), (3, "PARTIAL"), (4, "NOT_COMPLIANT")):
        StandardRecord.objects.create(
            agency=w.agency,
            standard=LpseStandard.objects.get(number=number),
            status=status,
            updated_by=w["kepala"],
        )
    StandardRecord.objects.create(
        agency=AgencyFactory(),
        standard=LpseStandard.objects.get(number=5),
        status="COMPLIANT",
        updated_by=w["kepala"],
    )
    InternalReview.objects.create(
        agency=w.agency,
        held_on=D(2026, 6, 1),
        status="COMPLETED",
        score=Decimal("76.5"),
        created_by=w["kepala"],
    )
    InternalReview.objects.create(
        agency=w.agency, held_on=D(2025, 6, 1), status="COMPLETED", created_by=w["kepala"]
    )
    return world, first_domain


def test_governance_section_maturity_and_standards(governance):
    world, first_domain = governance
    w = world.w
    rows = selectors.governance_figures(
        user=world.kepala, role=Role.KEPALA_UKPBJ, agency_id=w.agency.pk, year=2026
    )
    out = sections_lpse.governance_section(rows, 2026)
    summary, domains, by_status, reviews = (t["rows"] for t in out["tables"])
    assert summary[0][1] == "Sedang diisi"
    (first,) = [d for d in domains if d[0] == first_domain.name]
    assert first[1] == MaturityVariable.objects.filter(domain=first_domain).count()
    assert (first[2], first[3]) == (2, Decimal("2.50"))
    assert all(d[2] == 0 and d[3] is None for d in domains if d is not first)
    assert (
        sum(d[1] for d in domains)
        == MaturityVariable.objects.filter(domain__model__assessments__agency=w.agency).count()
    )
    counts = {r[0]: r[1] for r in by_status}
    assert counts == {
        "Memenuhi": 2,
        "Memenuhi sebagian": 1,
        "Belum memenuhi": 1,
        "Belum dinilai": LpseStandard.objects.count() - 4,  # the other instansi's record does not count
    }
    assert reviews == [[D(2026, 6, 1), "Selesai", Decimal("76.5")]]
    # another year has no assessment; a reader outside the instansi sees nothing
    empty = selectors.governance_figures(
        user=world.kepala, role=Role.KEPALA_UKPBJ, agency_id=w.agency.pk, year=2025
    )
    assert empty["assessment"] is None
    assert (
        sections_lpse.governance_section(empty, 2025)["tables"][0]["rows"][0][1]
        == "Belum ada penilaian mandiri"
    )
    stranger = user_with_role(Role.AUDITOR, work_unit=WorkUnitFactory())
    assert selectors.governance_figures(
        user=stranger, role=Role.AUDITOR, agency_id=w.agency.pk, year=2026
    ) == {
        "assessment": None,
        "standards": [],
        "reviews": [],
    }


def test_report_has_the_new_sections_in_order_and_they_freeze(governance):
    world, _d = governance
    s = selectors.scoped(
        user=world.kepala,
        role=Role.KEPALA_UKPBJ,
        filters=sections.filters_for("ANNUAL", sc.YEAR, world.w.agency.pk, D(2027, 1, 5)),
    )
    out = sections.report_sections(
        scoped=s,
        desk=selectors.desk_figures("ANNUAL", sc.YEAR),
        sanctions=selectors.sanction_figures(
            user=world.kepala, role=Role.KEPALA_UKPBJ, agency_id=world.w.agency.pk
        ),
        governance=selectors.governance_figures(
            user=world.kepala, role=Role.KEPALA_UKPBJ, agency_id=world.w.agency.pk, year=sc.YEAR
        ),
    )
    assert [sec["key"] for sec in out] == [
        "planning",
        "selections",
        "contracts",
        "catalogue",
        "objections",
        "sanctions",
        "servicedesk",
        "training",
        "verification",
        "availability",
        "team_activity",
        "governance",
    ]
    assert sections.thaw(sections.freeze(out)) == out


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(BlacklistEntry.Category.values), st.dates(D(2025, 1, 1), D(2027, 12, 31))),
        max_size=12,
    )
)
def test_sanctions_of_the_two_semesters_add_up_to_the_year(decrees):
    """Every SK dated in the fiscal year falls in exactly one semester; SKs of other years count in neither."""
    rows = {
        "entries": [
            {"category": c, "decree_date": d, "starts_on": d, "ends_on": d + dt.timedelta(days=365)}
            for c, d in decrees
        ],
        "proposals": [],
    }

    def decreed(kind: str) -> int:
        s = figures.Scoped(figures.Rows(), sections.filters_for(kind, 2026, 1))
        return sections_lpse.sanctions_section(s, rows)["tables"][0]["rows"][-1][1]

    assert decreed("S1") + decreed("S2") == decreed("ANNUAL") == sum(1 for _c, d in decrees if d.year == 2026)
