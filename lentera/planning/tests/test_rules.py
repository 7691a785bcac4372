"""The dated method thresholds and method conditions (Perpres 16/2018 Pasal 26, 38, 41; Perpres 46/2025)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.planning import rules
from lentera.planning.errors import PlanningError
from lentera.planning.models import Method, ProcurementType

BEFORE_2025 = dt.date(2025, 4, 29)
FROM_2025 = rules.PERPRES_46_2025_IN_FORCE
JUTA = Decimal("1000000")


def basic(ptype, method, value, on):
    return rules.check_method_basic(procurement_type=ptype, method=method, value=Decimal(value), on=on)


@pytest.mark.parametrize("ptype", [ProcurementType.GOODS, ProcurementType.OTHER_SERVICES])
@pytest.mark.parametrize("on", [BEFORE_2025, FROM_2025, dt.date(2026, 11, 1)])
def test_pasal_38_direct_procurement_goods_exactly_200_juta_allowed_one_rupiah_over_refused(ptype, on):
    assert "Pasal 38 ayat (3)" in basic(ptype, Method.PENGADAAN_LANGSUNG, "200000000", on)
    with pytest.raises(PlanningError) as exc:
        basic(ptype, Method.PENGADAAN_LANGSUNG, "200000001", on)
    assert exc.value.code == "METHOD_THRESHOLD_EXCEEDED"
    assert "Perpres 16/2018 Pasal 38 ayat (3)" in str(exc.value)
    assert "Rp200.000.000" in str(exc.value)
    assert "Rp200.000.001" in str(exc.value)


def test_pasal_38_direct_procurement_works_200_juta_before_perpres_46_2025():
    assert "Perpres 16/2018" in basic(
        ProcurementType.WORKS, Method.PENGADAAN_LANGSUNG, "200000000", BEFORE_2025
    )
    with pytest.raises(PlanningError) as exc:
        basic(ProcurementType.WORKS, Method.PENGADAAN_LANGSUNG, "200000001", BEFORE_2025)
    assert "Rp200.000.000" in str(exc.value) and "Perpres 16/2018 Pasal 38 ayat (3)" in str(exc.value)


def test_perpres_46_2025_direct_procurement_works_400_juta_from_30_april_2025():
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


def test_pasal_41_direct_procurement_consultancy_100_juta():
    for on in (BEFORE_2025, FROM_2025):
        assert "Pasal 41 ayat (3)" in basic(
            ProcurementType.CONSULTANCY, Method.PENGADAAN_LANGSUNG, 100 * JUTA, on
        )
        with pytest.raises(PlanningError) as exc:
            basic(ProcurementType.CONSULTANCY, Method.PENGADAAN_LANGSUNG, 100 * JUTA + 1, on)
        assert "Pasal 41 ayat (3)" in str(exc.value) and "Seleksi" in str(exc.value)


def test_pasal_38_41_tender_not_for_consultancy_seleksi_only_for_consultancy():
    with pytest.raises(PlanningError) as exc:
        basic(ProcurementType.CONSULTANCY, Method.TENDER, 500 * JUTA, FROM_2025)
    assert exc.value.code == "METHOD_NOT_FOR_TYPE" and "Pasal 38" in str(exc.value)
    with pytest.raises(PlanningError) as exc:
        basic(ProcurementType.GOODS, Method.SELEKSI, 500 * JUTA, FROM_2025)
    assert "Pasal 41 ayat (1)" in str(exc.value)
    assert basic(ProcurementType.CONSULTANCY, Method.SELEKSI, 500 * JUTA, FROM_2025)
    assert basic(ProcurementType.GOODS, Method.TENDER, 850 * JUTA, FROM_2025)


def test_rules_are_dated_data_none_before_perpres_16_2018():
    with pytest.raises(PlanningError) as exc:
        rules.direct_procurement_limit(ProcurementType.GOODS, dt.date(2018, 6, 30))
    assert exc.value.code == "RULE_NOT_IN_FORCE"
    # the edges of the works rows meet without gap or overlap
    works = [t for t in rules.DIRECT_PROCUREMENT_THRESHOLDS if ProcurementType.WORKS in t.types]
    assert works[0].ends + dt.timedelta(days=1) == works[1].starts == dt.date(2025, 4, 30)


def full(method, ptype=ProcurementType.GOODS, value=850 * JUTA, **kw):
    return rules.check_method(procurement_type=ptype, method=method, value=value, on=FROM_2025, **kw)


def test_pasal_38_tender_cepat_needs_standard_spec_qualified_providers_and_justification():
    with pytest.raises(PlanningError) as exc:
        full(Method.TENDER_CEPAT, spec_standard=True, providers_qualified=False, justification="x")
    assert exc.value.code == "FAST_TENDER_CONDITIONS" and "Pasal 38" in str(exc.value)
    with pytest.raises(PlanningError):
        full(Method.TENDER_CEPAT, spec_standard=True, providers_qualified=True, justification="  ")
    assert full(
        Method.TENDER_CEPAT, spec_standard=True, providers_qualified=True, justification="Spesifikasi standar"
    )


def test_pasal_38_penunjukan_langsung_needs_reason_from_the_list():
    with pytest.raises(PlanningError) as exc:
        full(Method.PENUNJUKAN_LANGSUNG, justification="mendesak")
    assert exc.value.code == "DIRECT_APPOINTMENT_REASON" and "Pasal 38 ayat (4)" in str(exc.value)
    with pytest.raises(PlanningError):  # a works-only reason for goods
        full(Method.PENUNJUKAN_LANGSUNG, direct_appointment_reason="CONSTRUCTION_UNITY", justification="x")
    assert full(
        Method.PENUNJUKAN_LANGSUNG, direct_appointment_reason="SINGLE_PROVIDER", justification="Satu-satunya"
    )


def test_pasal_38_e_purchasing_only_from_catalogue():
    with pytest.raises(PlanningError) as exc:
        full(Method.E_PURCHASING)
    assert exc.value.code == "CATALOGUE_REQUIRED" and "Pasal 38 ayat (2)" in str(exc.value)
    assert full(Method.E_PURCHASING, catalogue_reference="Katalog Sektoral Kab. Contoh #123")


@pytest.mark.parametrize("method,article", [(Method.SWAKELOLA, "Pasal 47"), (Method.DARURAT, "Pasal 59")])
def test_swakelola_and_darurat_are_recorded_with_their_basis(method, article):
    with pytest.raises(PlanningError) as exc:
        full(method)
    assert exc.value.code == "RECORD_REQUIRED" and article in str(exc.value)
    assert full(method, justification="SK tanggap darurat bencana banjir No. 360/12/2026")


def test_pasal_26_hps_not_above_pagu():
    rules.check_hps_not_above_pagu(hps_total=Decimal("100"), pagu=Decimal("100"))
    with pytest.raises(PlanningError) as exc:
        rules.check_hps_not_above_pagu(hps_total=Decimal("100.01"), pagu=Decimal("100"))
    assert exc.value.code == "HPS_ABOVE_PAGU" and "Perpres 16/2018 Pasal 26" in str(exc.value)


def test_pasal_26_hps_exempt_up_to_10_juta_and_for_e_purchasing():
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
