"""Rules of the maturity self-assessment and its roadmap (Permendagri 53/2021 Pasal 24; the model of Peraturan
LKPP 10/2021). The model's content is data (models.MaturityModel); these functions judge a load, an answer, a
target and a submission against it."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from ..errors import GovernanceError


def check_model_data(data: Mapping[str, Any]) -> None:
    """A version of the maturity model is complete before it is loaded: a code, its source, levels ranked 1..n
    without gaps, at least one domain, every domain with variables of unique codes, and criteria only for the
    model's levels. Past assessments keep the version they were made on, so a version is never edited in place.

    Cites: Peraturan LKPP 10/2021 (the annex: the UKPBJ maturity model);
           Permendagri 53/2021 Pasal 24 ayat (1).
    """

    def bad(why: str) -> GovernanceError:
        return GovernanceError(
            "MODEL_DATA_INVALID", _("Data model kematangan tidak lengkap: %(why)s"), why=why
        )

    if not str(data.get("code", "")).strip() or not str(data.get("source", "")).strip():
        raise bad("code, source")
    ranks = sorted(int(level["rank"]) for level in data.get("levels", []))
    if not ranks or ranks != list(range(1, len(ranks) + 1)):
        raise bad("levels")
    domains = data.get("domains", [])
    if not domains:
        raise bad("domains")
    seen: set[str] = set()
    for domain in domains:
        variables = domain.get("variables", [])
        if not variables or not str(domain.get("name", "")).strip():
            raise bad(f"domain {domain.get('code', '?')}")
        for variable in variables:
            code = str(variable.get("code", "")).strip()
            if not code or code in seen or not str(variable.get("name", "")).strip():
                raise bad(f"variable {code or '?'}")
            seen.add(code)
            for criterion in variable.get("criteria", []):
                if int(criterion["rank"]) not in ranks:
                    raise bad(f"variable {code} rank {criterion['rank']}")


def check_answer_level(*, level: int, ranks: Collection[int], justification: str) -> None:
    """The UKPBJ places itself on one of the model's levels for a variable, and says why (the self-assessment of
    Pasal 24 ayat (1)-(2) is judged by LKPP against the evidence, ayat (3)).

    Cites: Permendagri 53/2021 Pasal 24 ayat (1);
           Permendagri 53/2021 Pasal 24 ayat (3).
    """
    if level not in ranks:
        raise GovernanceError("LEVEL_UNKNOWN", _("Tingkat kematangan tidak ada dalam model."))
    if not justification.strip():
        raise GovernanceError("JUSTIFICATION_REQUIRED", _("Alasan pemilihan tingkat wajib diisi."))


def check_assessment_open(*, submitted: bool) -> None:
    """A submitted self-assessment is frozen: it is what LKPP verifies, so its answers and roadmap targets no
    longer change (the roadmap's actions still record their progress).

    Cites: Permendagri 53/2021 Pasal 24 ayat (3).
    """
    if submitted:
        raise GovernanceError(
            "ASSESSMENT_FROZEN",
            _(
                "Penilaian mandiri sudah disampaikan dan tidak dapat diubah (Permendagri 53/2021 Pasal 24 ayat (3))."
            ),
            status=409,
        )


def check_submission(*, is_head: bool, unanswered: Sequence[str]) -> None:
    """The head of UKPBJ submits the self-assessment the Admin UKPBJ filled (Pasal 24 ayat (5)), and only when
    every variable of the model has a level (ayat (1): the assessment covers the whole model).

    Cites: Permendagri 53/2021 Pasal 24 ayat (5);
           Permendagri 53/2021 Pasal 24 ayat (1).
    """
    if not is_head:
        raise GovernanceError(
            "SUBMIT_BY_HEAD",
            _("Penilaian mandiri disampaikan oleh Kepala UKPBJ (Permendagri 53/2021 Pasal 24 ayat (5))."),
            status=403,
        )
    if unanswered:
        raise GovernanceError(
            "ASSESSMENT_INCOMPLETE",
            _("Variabel belum dinilai: %(codes)s."),
            status=409,
            codes=", ".join(unanswered),
        )


def check_roadmap_target(
    *, assessed: int | None, target: int, ranks: Collection[int], year: int, base_year: int
) -> None:
    """The roadmap raises maturity: a target is a level of the model, set for a year after the assessment's, and
    not below the level the UKPBJ assessed itself at.

    Cites: Permendagri 53/2021 Pasal 24 ayat (1);
           Permendagri 53/2021 Pasal 24 ayat (5).
    """
    if target not in ranks:
        raise GovernanceError("LEVEL_UNKNOWN", _("Tingkat kematangan tidak ada dalam model."))
    if year <= base_year:
        raise GovernanceError(
            "TARGET_YEAR_INVALID",
            _("Tahun sasaran harus setelah tahun penilaian (%(year)s)."),
            year=base_year,
        )
    if assessed is not None and target < assessed:
        raise GovernanceError(
            "TARGET_BELOW_LEVEL",
            _("Sasaran peta jalan tidak boleh di bawah tingkat hasil penilaian (%(level)s)."),
            level=assessed,
        )


def domain_score(levels: Sequence[int]) -> Decimal | None:
    """A domain's score: the mean of its variables' levels, to two decimals (None when none is assessed). LKPP's
    own weighting is not in the texts Lentera holds; the plain mean stands in until it is.

    Cites: Peraturan LKPP 10/2021 (the annex: the weighting is not confirmed);
           Kebijakan Lentera: the unweighted mean of the variable levels, shown with each level, until LKPP's weighting is loaded.
    """
    if not levels:
        return None
    return (Decimal(sum(levels)) / Decimal(len(levels))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
