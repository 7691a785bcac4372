"""Evaluation arithmetic on hand-checked cases for each evaluation method (Perpres 16/2018 Pasal 26, 33, 39-40)."""

from __future__ import annotations

from decimal import Decimal as D

from lentera.tendering import scoring
from lentera.tendering.enums import EvaluationMethod
from lentera.tendering.scoring import OfferInput

HPS = D("1000000000")


def by_key(outcomes):
    return {o.key: o for o in outcomes}


def test_arithmetic_correction_unit_price_binds():
    corr = scoring.arithmetic_correction(
        "950000000",
        [
            {
                "description": "Pekerjaan tanah",
                "quantity": "10",
                "unit_price": "50000000",
                "total": "500000000",
            },
            {"description": "Perkerasan", "quantity": "5", "unit_price": "80000000", "total": "450000000"},
        ],
    )
    # 10 x 50.000.000 = 500.000.000; 5 x 80.000.000 = 400.000.000 (written 450.000.000) -> 900.000.000
    assert corr.corrected_price == D("900000000.00")
    assert corr.changed and [line.changed for line in corr.lines] == [False, True]
    assert any("Perkerasan" in n for n in corr.notes())


def test_arithmetic_correction_with_fractions_rounds_half_up_per_line():
    corr = scoring.arithmetic_correction(
        "100", [{"description": "x", "quantity": "3.333", "unit_price": "1.5"}]
    )
    assert corr.corrected_price == D("5.00")  # 4.9995 -> 5.00


def test_evaluate_lowest_price_ceiling_low_bid_and_guarantee_for_works():
    outcomes = by_key(
        scoring.evaluate(
            [
                OfferInput(
                    "A",
                    D("950000000"),
                    price_items=[
                        {
                            "description": "a",
                            "quantity": "10",
                            "unit_price": "50000000",
                            "total": "500000000",
                        },
                        {"description": "b", "quantity": "5", "unit_price": "80000000", "total": "450000000"},
                    ],
                    order=0,
                ),
                OfferInput("B", D("920000000"), order=1),
                OfferInput("C", D("1050000000"), order=2),
                OfferInput("D", D("700000000"), price_reasonable=False, order=3),
                OfferInput(
                    "E",
                    D("990000000"),
                    price_items=[{"description": "x", "quantity": "1", "unit_price": "1010000000"}],
                    order=4,
                ),
            ],
            method=EvaluationMethod.LOWEST_PRICE,
            hps_total=HPS,
            works=True,
        )
    )
    assert outcomes["A"].corrected_price == D("900000000.00") and outcomes["A"].rank == 1
    assert outcomes["B"].rank == 2
    assert outcomes["A"].performance_guarantee == D("45000000.00")  # 5% of 900.000.000
    assert not outcomes["C"].passed and outcomes["C"].above_hps and "HPS" in outcomes["C"].reasons[0]
    d = outcomes["D"]
    assert d.below_80_percent and not d.passed and d.rank is None
    assert d.performance_guarantee == D("50000000.00")  # 5% of the HPS under 80% HPS
    assert not outcomes["E"].passed and outcomes["E"].above_hps  # correction pushed it over the HPS


def test_low_bid_only_flagged_for_goods():
    out = scoring.evaluate(
        [OfferInput("D", D("700000000"), price_reasonable=False), OfferInput("B", D("920000000"), order=1)],
        method=EvaluationMethod.LOWEST_PRICE,
        hps_total=HPS,
        works=False,
    )
    d = by_key(out)["D"]
    assert d.passed and d.below_80_percent and d.rank == 1 and d.performance_guarantee == D("50000000.00")


def test_evaluate_merit_point_weights_threshold_and_price_score():
    out = by_key(
        scoring.evaluate(
            [
                OfferInput("X", D("800000000"), technical_score=D("85")),
                OfferInput("Y", D("720000000"), technical_score=D("75"), order=1),
                OfferInput("Z", D("600000000"), technical_score=D("65"), order=2),
            ],
            method=EvaluationMethod.MERIT_POINT,
            hps_total=HPS,
            works=False,
            technical_weight=D("70"),
            price_weight=D("30"),
            passing_technical_score=D("70"),
        )
    )
    # price scores among passed: Y lowest = 100; X = 720/800 x 100 = 90
    assert out["Y"].price_score == D("100.00") and out["X"].price_score == D("90.00")
    # final: X = 0.7 x 85 + 0.3 x 90 = 86.50; Y = 0.7 x 75 + 0.3 x 100 = 82.50
    assert out["X"].final_score == D("86.50") and out["Y"].final_score == D("82.50")
    assert (out["X"].rank, out["Y"].rank) == (1, 2)
    assert not out["Z"].passed and not out["Z"].technical_pass and "ambang" in out["Z"].reasons[0]


def test_price_scores_rounding():
    assert scoring.price_scores({"a": D("700"), "b": D("900")}) == {"a": D("100.00"), "b": D("77.78")}


def test_life_cycle_cost_ranks_by_cost_over_the_economic_life():
    out = by_key(
        scoring.evaluate(
            [
                OfferInput(
                    "P",
                    D("500000000"),
                    life_cycle={
                        "operating_per_year": "20000000",
                        "maintenance_per_year": "10000000",
                        "residual_value": "50000000",
                    },
                ),
                OfferInput(
                    "Q",
                    D("450000000"),
                    life_cycle={
                        "operating_per_year": "30000000",
                        "maintenance_per_year": "15000000",
                        "residual_value": "20000000",
                    },
                    order=1,
                ),
            ],
            method=EvaluationMethod.LIFE_CYCLE,
            hps_total=HPS,
            works=False,
            economic_life_years=5,
        )
    )
    # P: 500 + (20 + 10) x 5 - 50 = 600 juta; Q: 450 + (30 + 15) x 5 - 20 = 655 juta
    assert out["P"].life_cycle_cost == D("600000000.00")
    assert out["Q"].life_cycle_cost == D("655000000.00")
    assert (out["P"].rank, out["Q"].rank) == (1, 2)


def test_auction_final_price_is_the_evaluated_price():
    out = by_key(
        scoring.evaluate(
            [
                OfferInput("A", D("900000000"), final_price=D("850000000")),
                OfferInput("B", D("880000000"), order=1),
            ],
            method=EvaluationMethod.LOWEST_PRICE,
            hps_total=HPS,
            works=False,
        )
    )
    assert out["A"].evaluated_price == D("850000000.00") and out["A"].rank == 1


def test_failed_aspect_keeps_its_reasons_and_no_rank():
    out = scoring.evaluate(
        [
            OfferInput(
                "A",
                D("900000000"),
                administrative_pass=False,
                reasons=["Administrasi: surat penawaran tidak ditandatangani"],
            )
        ],
        method=EvaluationMethod.LOWEST_PRICE,
        hps_total=HPS,
        works=False,
    )[0]
    assert (
        not out.passed
        and out.rank is None
        and out.reasons == ["Administrasi: surat penawaran tidak ditandatangani"]
    )


def test_technical_only_round_has_no_price():
    out = scoring.evaluate(
        [
            OfferInput("A", None),
            OfferInput("B", None, technical_pass=False, reasons=["Teknis: metode kerja tidak memenuhi"]),
        ],
        method=EvaluationMethod.LOWEST_PRICE,
        hps_total=HPS,
        works=False,
        include_price=False,
    )
    assert out[0].passed and out[0].rank is None and out[0].corrected_price is None
    assert not out[1].passed


def test_merit_score_weighs_technical_and_price_scores():
    # 70% x 85 + 30% x 90 = 86.50
    assert scoring.merit_score(D("85"), D("90"), D("70"), D("30")) == D("86.50")
    # the weights decide: the same scores with the weights swapped
    assert scoring.merit_score(D("85"), D("90"), D("30"), D("70")) == D("88.50")
    assert scoring.merit_score(D("100"), D("0"), D("100"), D("0")) == D("100.00")
