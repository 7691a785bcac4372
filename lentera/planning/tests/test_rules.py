"""The dated method thresholds and method conditions (Perpres 16/2018 Pasal 26, 38, 41; Perpres 46/2025)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.planning import rules
from lentera.planning.errors import PlanningError
from lentera.planning.models import Method, PokjaMember, ProcurementType

BEFORE_2025 = dt.date(2025, 4, 29)
FROM_2025 = rules.PERPRES_46_2025_IN_FORCE
JUTA = Decimal("1000000")


def basic(ptype, method, value, on):
    return rules.check_method_basic(procurement_type=ptype, method=method, value=Decimal(value), on=on)


@pytest.mark.parametrize("ptype", [ProcurementType.GOODS, ProcurementType.OTHER_SERVICES])
@pytest.mark.parametrize("on", [BEFORE_2025, FROM_2025, dt.date(2026, 11, 1)])
def test_check_method_basic_pasal_38_direct_procurement_goods_exactly_200_juta_allowed_one_rupiah_over_refused(
    ptype, on
):
    assert "Pasal 38 ayat (3)" in basic(ptype, Method.PENGADAAN_LANGSUNG, "200000000", on)
    with pytest.raises(PlanningError) as exc:
        basic(ptype, Method.PENGADAAN_LANGSUNG, "200000001", on)
    assert exc.value.code == "METHOD_THRESHOLD_EXCEEDED"
    assert "Perpres 16/2018 Pasal 38 ayat (3)" in str(exc.value)
    assert "Rp200.000.000" in str(exc.value)
    assert "Rp200.000.001" in str(exc.value)


def test_check_method_basic_pasal_38_direct_procurement_works_200_juta_before_perpres_46_2025():
    assert "Perpres 16/2018" in basic(
        ProcurementType.WORKS, Method.PENGADAAN_LANGSUNG, "200000000", BEFORE_2025
    )
    with pytest.raises(PlanningError) as exc:
        basic(ProcurementType.WORKS, Method.PENGADAAN_LANGSUNG, "200000001", BEFORE_2025)
    assert "Rp200.000.000" in str(exc.value) and "Perpres 16/2018 Pasal 38 ayat (3)" in str(exc.value)


def test_direct_procurement_limit_perpres_46_2025_works_400_juta_from_30_april_2025():
    assert "Perpres 46/2025" in basic(
        ProcurementType.WORKS, Method.PENGADAAN_LANGSUNG, "200000001", FROM_2025
    )
    assert "Perpres 46/2025" in basic(
        ProcurementType.WORKS, Method.PENGADAAN_LANGSUNG, "400000000", FROM_2025
    )
    with pytest.raises(PlanningError) as exc:
        basic(ProcurementType.WORKS, Method.PENGADAAN_LANGSUNG, "400000001", FROM_2025)
    assert "Perpres 46/2025" in str(exc.value) and "Rp400.000.000" in str(exc.value)
    assert "30 April 2025" in rules.direct_procurement_limit(ProcurementType.WORKS, FROM_2025).citation


def test_check_method_basic_pasal_41_direct_procurement_consultancy_100_juta():
    for on in (BEFORE_2025, FROM_2025):
        assert "Pasal 41 ayat (3)" in basic(
            ProcurementType.CONSULTANCY, Method.PENGADAAN_LANGSUNG, 100 * JUTA, on
        )
        with pytest.raises(PlanningError) as exc:
            basic(ProcurementType.CONSULTANCY, Method.PENGADAAN_LANGSUNG, 100 * JUTA + 1, on)
        assert "Pasal 41 ayat (3)" in str(exc.value) and "Seleksi" in str(exc.value)


def test_check_method_basic_pasal_38_41_tender_not_for_consultancy_seleksi_only_for_consultancy():
    with pytest.raises(PlanningError) as exc:
        basic(ProcurementType.CONSULTANCY, Method.TENDER, 500 * JUTA, FROM_2025)
    assert exc.value.code == "METHOD_NOT_FOR_TYPE" and "Pasal 38" in str(exc.value)
    with pytest.raises(PlanningError) as exc:
        basic(ProcurementType.GOODS, Method.SELEKSI, 500 * JUTA, FROM_2025)
    assert "Pasal 41 ayat (1)" in str(exc.value)
    assert basic(ProcurementType.CONSULTANCY, Method.SELEKSI, 500 * JUTA, FROM_2025)
    assert basic(ProcurementType.GOODS, Method.TENDER, 850 * JUTA, FROM_2025)


def test_direct_procurement_limit_is_dated_data_none_before_perpres_16_2018():
    with pytest.raises(PlanningError) as exc:
        rules.direct_procurement_limit(ProcurementType.GOODS, dt.date(2018, 6, 30))
    assert exc.value.code == "RULE_NOT_IN_FORCE"
    # the edges of the works rows meet without gap or overlap
    works = [t for t in rules.DIRECT_PROCUREMENT_THRESHOLDS if ProcurementType.WORKS in t.types]
    assert works[0].ends + dt.timedelta(days=1) == works[1].starts == dt.date(2025, 4, 30)


def full(method, ptype=ProcurementType.GOODS, value=850 * JUTA, **kw):
    return rules.check_method(procurement_type=ptype, method=method, value=value, on=FROM_2025, **kw)


def test_check_method_pasal_38_tender_cepat_needs_standard_spec_qualified_providers_and_justification():
    with pytest.raises(PlanningError) as exc:
        full(Method.TENDER_CEPAT, spec_standard=True, providers_qualified=False, justification="x")
    assert exc.value.code == "FAST_TENDER_CONDITIONS" and "Pasal 38" in str(exc.value)
    with pytest.raises(PlanningError):
        full(Method.TENDER_CEPAT, spec_standard=True, providers_qualified=True, justification="  ")
    assert full(
        Method.TENDER_CEPAT, spec_standard=True, providers_qualified=True, justification="Spesifikasi standar"
    )


def test_check_method_pasal_38_penunjukan_langsung_needs_reason_from_the_list():
    with pytest.raises(PlanningError) as exc:
        full(Method.PENUNJUKAN_LANGSUNG, justification="mendesak")
    assert exc.value.code == "DIRECT_APPOINTMENT_REASON" and "Pasal 38 ayat (4)" in str(exc.value)
    with pytest.raises(PlanningError):  # a works-only reason for goods
        full(Method.PENUNJUKAN_LANGSUNG, direct_appointment_reason="CONSTRUCTION_UNITY", justification="x")
    assert full(
        Method.PENUNJUKAN_LANGSUNG, direct_appointment_reason="SINGLE_PROVIDER", justification="Satu-satunya"
    )


def test_check_method_pasal_38_e_purchasing_only_from_catalogue():
    with pytest.raises(PlanningError) as exc:
        full(Method.E_PURCHASING)
    assert exc.value.code == "CATALOGUE_REQUIRED" and "Pasal 38 ayat (2)" in str(exc.value)
    assert full(Method.E_PURCHASING, catalogue_reference="Katalog Sektoral Kab. Contoh #123")


@pytest.mark.parametrize("method,article", [(Method.SWAKELOLA, "Pasal 47"), (Method.DARURAT, "Pasal 59")])
def test_check_method_swakelola_and_darurat_are_recorded_with_their_basis(method, article):
    with pytest.raises(PlanningError) as exc:
        full(method)
    assert exc.value.code == "RECORD_REQUIRED" and article in str(exc.value)
    assert full(method, justification="SK tanggap darurat bencana banjir No. 360/12/2026")


def test_check_hps_not_above_pagu_pasal_26():
    rules.check_hps_not_above_pagu(hps_total=Decimal("100"), pagu=Decimal("100"))
    with pytest.raises(PlanningError) as exc:
        rules.check_hps_not_above_pagu(hps_total=Decimal("100.01"), pagu=Decimal("100"))
    assert exc.value.code == "HPS_ABOVE_PAGU" and "Perpres 16/2018 Pasal 26" in str(exc.value)


def test_hps_required_pasal_26_exempt_up_to_10_juta_and_for_e_purchasing():
    assert not rules.hps_required(method=Method.TENDER, pagu=10 * JUTA)
    assert rules.hps_required(method=Method.TENDER, pagu=10 * JUTA + 1)
    assert not rules.hps_required(method=Method.E_PURCHASING, pagu=900 * JUTA)


def test_allowed_methods_follow_the_thresholds():
    goods = rules.allowed_methods(procurement_type=ProcurementType.GOODS, value=200 * JUTA + 1, on=FROM_2025)
    assert Method.PENGADAAN_LANGSUNG not in goods and Method.TENDER in goods
    works = rules.allowed_methods(procurement_type=ProcurementType.WORKS, value=300 * JUTA, on=FROM_2025)
    assert Method.PENGADAAN_LANGSUNG in works
    works_old = rules.allowed_methods(
        procurement_type=ProcurementType.WORKS, value=300 * JUTA, on=BEFORE_2025
    )
    assert Method.PENGADAAN_LANGSUNG not in works_old


# --- Permendagri 53/2021 Pasal 15 (composition) and Pasal 12 (conflicts), read directly ----------------------

DECREE = dt.date(2026, 7, 1)
PENGELOLA = PokjaMember.Qualification.PENGELOLA_PBJ
CERTIFIED = PokjaMember.Qualification.CERTIFIED_CIVIL_SERVANT


def pengelola(user_id, holds=True):
    return rules.MemberFacts(
        user_id, f"P{user_id}", PENGELOLA, holds_pengelola_role=holds, is_civil_servant=True
    )


def certified(user_id, **kw):
    facts = {"holds_pengelola_role": False, "is_civil_servant": True, "certificate_number": "SERT-1"} | kw
    return rules.MemberFacts(user_id, f"C{user_id}", CERTIFIED, **facts)


def composition_code(members, pengelola_in_ukpbj=10):
    try:
        rules.check_pokja_composition(members, pengelola_in_ukpbj=pengelola_in_ukpbj, decree_date=DECREE)
    except PlanningError as exc:
        return exc.code
    return None


@pytest.mark.parametrize(
    "size, code",
    [(1, "POKJA_SIZE_TOO_SMALL"), (2, "POKJA_SIZE_TOO_SMALL"), (4, "POKJA_SIZE_EVEN"), (3, None), (5, None)],
)
def test_check_pokja_composition_ayat_1_2_odd_and_at_least_three(size, code):
    assert composition_code([pengelola(i) for i in range(size)]) == code


def test_check_pokja_composition_ayat_1_members_hold_pengelola_and_appear_once():
    assert composition_code([pengelola(1), pengelola(2), pengelola(3, holds=False)]) == "POKJA_NOT_PENGELOLA"
    assert composition_code([pengelola(1), pengelola(2), pengelola(1)]) == "POKJA_MEMBER_DUPLICATE"


def test_check_pokja_composition_ayat_3_certified_civil_servants_only_when_pengelola_too_few():
    members = [pengelola(1), certified(2), certified(3)]
    assert composition_code(members, pengelola_in_ukpbj=3) == "POKJA_PENGELOLA_SUFFICIENT"
    assert composition_code(members, pengelola_in_ukpbj=2) is None
    assert composition_code([certified(1), certified(2), certified(3)], pengelola_in_ukpbj=0) == (
        "POKJA_NEEDS_PENGELOLA"
    )
    assert composition_code([pengelola(1), certified(2, is_civil_servant=False), certified(3)], 1) == (
        "POKJA_MEMBER_NOT_PNS"
    )
    assert composition_code([pengelola(1), certified(2, certificate_number=" "), certified(3)], 1) == (
        "POKJA_CERTIFICATE_REQUIRED"
    )


def test_check_pokja_composition_ayat_4_outside_ukpbj_coordinated_by_the_decree_date():
    def outside(on, note="Nota dinas 12"):
        return certified(3, outside_ukpbj=True, coordination_note=note, coordinated_on=on)

    assert composition_code([pengelola(1), certified(2), outside(DECREE)], 1) is None
    assert composition_code([pengelola(1), certified(2), outside(DECREE + dt.timedelta(days=1))], 1) == (
        "POKJA_COORDINATION_REQUIRED"
    )
    assert composition_code([pengelola(1), certified(2), outside(DECREE, note="")], 1) == (
        "POKJA_COORDINATION_REQUIRED"
    )
    assert composition_code([pengelola(1), certified(2), outside(None)], 1) == "POKJA_COORDINATION_REQUIRED"


def conflict_code(selectors, packages=(), lpse_roles=("VERIFIKATOR", "HELPDESK")):
    try:
        rules.check_selection_conflicts(selectors=selectors, packages=packages, lpse_roles=lpse_roles)
    except PlanningError as exc:
        return exc.code
    return None


def test_check_selection_conflicts_huruf_b_no_lpse_role_while_selecting():
    assert conflict_code({1: ("Ana", ["PENGELOLA_PBJ", "POKJA"])}) is None
    assert conflict_code({1: ("Ana", ["PENGELOLA_PBJ", "HELPDESK"])}) == "CONFLICT_LPSE_ROLE"


@pytest.mark.parametrize("duty", ["ppk_id", "contract_manager_id", "inspector_id"])
def test_check_selection_conflicts_huruf_a_not_ppk_contract_manager_or_inspector_of_the_same_package(duty):
    selectors = {1: ("Ana", ["POKJA"]), 2: ("Budi", ["POKJA"])}
    other = rules.PackageOfficials("PKT-1", ppk_id=9, contract_manager_id=8, inspector_id=7)
    assert conflict_code(selectors, [other]) is None
    same = rules.PackageOfficials("PKT-2", **{"ppk_id": 9, duty: 2})
    assert conflict_code(selectors, [other, same]) == "CONFLICT_SAME_PACKAGE"
