"""Every form control written in a template has a label: a `<label for=…>` in the same template, an enclosing
`<label>`, or an `aria-label` (a placeholder is not a label). Controls rendered by Django forms are labelled
where the template writes `<label for="{{ field.id_for_label }}">`; the browser tests check the rendered pages
with axe-core (lentera/public/tests/test_accessibility.py, test_accessibility_staff.py)."""

from __future__ import annotations

import re
from pathlib import Path

import lentera

CONTROL = re.compile(r"<(input|select|textarea)\b([^>]*)>")
UNLABELLED_TYPES = re.compile(r'type="(hidden|submit|button|reset|image)"')


def unlabelled_controls(text: str) -> list[str]:
    found = []
    for match in CONTROL.finditer(text):
        attrs = match.group(2)
        if UNLABELLED_TYPES.search(attrs) or "aria-label" in attrs:
            continue
        ident = re.search(r'\bid="([^"]+)"', attrs)
        if ident and f'for="{ident.group(1)}"' in text:
            continue
        before = text[max(0, match.start() - 300) : match.start()]
        if before.rfind("<label") > before.rfind("</label>"):
            continue
        line = text.count("\n", 0, match.start()) + 1
        found.append(f"line {line}: {match.group(0)[:100]}")
    return found


def test_the_check_finds_an_unlabelled_control():
    assert unlabelled_controls('<p><input name="q" placeholder="Cari"></p>')
    assert unlabelled_controls('<label for="a">A</label><input id="b">')
    assert not unlabelled_controls('<label for="a">A</label><input id="a">')
    assert not unlabelled_controls('<label><input type="checkbox" name="x"> X</label>')
    assert not unlabelled_controls('<input name="q" aria-label="Cari">')


def test_every_template_form_control_has_a_label():
    root = Path(lentera.__file__).parent
    problems = {}
    for path in sorted(root.glob("**/templates/**/*.html")):
        found = unlabelled_controls(path.read_text(encoding="utf-8"))
        if found:
            problems[str(path.relative_to(root))] = found
    assert not problems, problems
