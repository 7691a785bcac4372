"""The report's training section reads the training app's statistics (sessions held in the year)."""

import pytest

from lentera.reporting import sections, selectors
from lentera.training.tests.conftest import attended, course, provider, room, session, trainer  # noqa: F401


@pytest.mark.usefixtures("attended")
def test_training_section_counts_the_years_sessions():
    rows = selectors.training_figures(2026)
    section = sections.training_section(rows, 2026)
    table = section["tables"][0]
    assert table["rows"][0][:5] == ["SPSE-P SPSE bagi Penyedia", 1, 1, 1, 1]
    assert table["rows"][-1] == ["Jumlah", 1, 1, 1, 1, None]
    assert selectors.training_figures(2025) == []
