"""Users see sentences, never codes (issue 20 item 8): the central pieces."""

from __future__ import annotations

import re
from pathlib import Path

from django import forms
from django.utils import translation

from lentera.accounts.models import WorkUnit
from lentera.core.templatetags.lentera import offer_source

ROOT = Path(__file__).resolve().parents[2]


def test_model_choice_lists_offer_pilih_not_dashes():
    class F(forms.Form):
        unit = forms.ModelChoiceField(queryset=WorkUnit.objects.none())

    html = str(F()["unit"])
    assert "---------" not in html and "— Pilih —" in html
    with translation.override("en"):
        assert "— Choose —" in str(F()["unit"])


def test_no_template_renders_an_error_code():
    shown = re.compile(r"\{\{\s*(error|exc|err|e)\.code\s*\}\}")
    offenders = [
        str(p.relative_to(ROOT)) for p in ROOT.glob("*/templates/**/*.html") if shown.search(p.read_text())
    ]
    assert offenders == []


def test_offer_source_is_a_sentence_for_the_bid_room_reference():
    assert "bidding:" not in offer_source("bidding:b75d2c1e")
    assert offer_source("BA-2026/17") == "BA-2026/17"
    assert offer_source("") == "–"
