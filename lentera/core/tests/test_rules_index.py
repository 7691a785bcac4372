"""Articles findable (#13 item 7): every rule function cites its article and has a test named after it that calls
it, and docs/regulations.md is what `manage rules_index --format markdown` writes."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from lentera.core import rules_index
from lentera.core.rules_index import POLICY, Citation, CitationError, parse_cites, parse_item

ROOT = Path(settings.BASE_DIR)
REGENERATE = "./lentera.sh manage rules_index --format markdown --output docs/regulations.md"


@pytest.fixture(scope="module")
def project_rules():
    return rules_index.build(ROOT)


# ------------------------------------------------------------------------------ the project itself


def test_docs_regulations_md_is_generated_from_the_rules_index(project_rules):
    doc = ROOT / "docs" / "regulations.md"
    assert doc.read_text(encoding="utf-8") == rules_index.render_markdown(project_rules), (
        f"docs/regulations.md is stale: run {REGENERATE}"
    )


def test_every_rule_function_cites_an_article_or_the_project_policy(project_rules):
    uncited = [f"{r.target} ({r.path}:{r.line}): {'; '.join(r.errors)}" for r in project_rules if r.errors]
    assert not uncited, "rule functions without a readable Cites: paragraph:\n" + "\n".join(uncited)
    assert all(r.citations for r in project_rules)


def test_every_rule_function_has_a_test_named_after_it(project_rules):
    untested = [f"{r.target} ({r.path}:{r.line})" for r in project_rules if not r.tests]
    assert not untested, "rule functions without a test named after them that calls them:\n" + "\n".join(
        untested
    )


def test_the_index_finds_the_rules_of_every_rules_module_and_of_scoring(project_rules):
    modules = {r.module for r in project_rules}
    expected = {f"lentera.{p.parent.name}.rules" for p in (ROOT / "lentera").glob("*/rules.py")}
    assert expected <= modules
    assert "lentera.tendering.scoring" in modules
    targets = {r.target for r in project_rules}
    assert "lentera.planning.rules:check_pokja_composition" in targets
    assert "lentera.planning.rules:_type_label" not in targets  # private helpers are not rules


# ------------------------------------------------------------------------------ the citation form


@pytest.mark.parametrize(
    "item, citation",
    [
        ("Permendagri 53/2021 Pasal 15 ayat (3)", Citation("Permendagri 53/2021", "Pasal 15 ayat (3)")),
        ("Perbup PPU 2/2021 Pasal 2 b", Citation("Perbup PPU 2/2021", "Pasal 2 b")),
        ("Permendagri 53/2021 Lampiran 2.5.1 b 2", Citation("Permendagri 53/2021", "Lampiran 2.5.1 b 2")),
        (
            "Perpres 16/2018 Pasal 26 ayat (8) (diubah Perpres 12/2021)",
            Citation("Perpres 16/2018", "Pasal 26 ayat (8) (diubah Perpres 12/2021)"),
        ),
        (
            "Peraturan LKPP 12/2021 (koreksi aritmatik; pasal belum dikonfirmasi)",
            Citation("Peraturan LKPP 12/2021", "", "koreksi aritmatik; pasal belum dikonfirmasi"),
        ),
        ("Kebijakan Lentera: links expire", Citation(POLICY, "", "links expire")),
    ],
)
def test_parse_item_reads_both_forms(item, citation):
    assert parse_item(item) == citation


@pytest.mark.parametrize(
    "item",
    [
        "Pasal 15",  # no regulation
        "Permendagri Pasal 15",  # no number/year
        "UU 1/2004 Pasal 3",  # not one of the regulations
        "Perpres 16/2018 ayat (3)",  # neither Pasal nor Lampiran nor a note
        "Kebijakan Lentera:",  # a policy without its reason
        "Lentera policy",
    ],
)
def test_parse_item_refuses_anything_else(item):
    with pytest.raises(CitationError):
        parse_item(item)


def test_parse_cites_splits_items_but_not_inside_parentheses_nor_a_policy_reason():
    doc = """Summary.

    Cites: Perpres 16/2018 Pasal 38 ayat (3);
           Peraturan LKPP 12/2021 (sanggah; pasal belum dikonfirmasi);
           Kebijakan Lentera: one reason; with a semicolon.

    Cites: after a blank line this is prose, not the paragraph.
    """
    citations, errors = parse_cites(textwrap.dedent(doc))
    assert errors == []
    assert citations == [
        Citation("Perpres 16/2018", "Pasal 38 ayat (3)"),
        Citation("Peraturan LKPP 12/2021", "", "sanggah; pasal belum dikonfirmasi"),
        Citation(POLICY, "", "one reason; with a semicolon"),
    ]


def test_parse_cites_reports_an_empty_or_unreadable_paragraph_and_ignores_a_docstring_without_one():
    assert parse_cites("Summary only.") == ([], [])
    assert parse_cites("Summary.\n\nCites:\n")[1] == ["the Cites: paragraph is empty"]
    citations, errors = parse_cites("Summary.\n\nCites: Perpres 16/2018 Pasal 1; Pasal 2 only.")
    assert citations == [Citation("Perpres 16/2018", "Pasal 1")] and len(errors) == 1


def test_articles_sort_by_regulation_then_naturally():
    items = [
        "Kebijakan Lentera: policy",
        "Peraturan LKPP 12/2021 Lampiran",
        "Peraturan LKPP 4/2021 (SiKaP)",
        "Perpres 46/2025 Pasal 38",
        "Perpres 16/2018 Pasal 26 ayat (8)",
        "Perpres 16/2018 Pasal 26 ayat (5) huruf b",
        "Perpres 16/2018 Pasal 9",
        "Permendagri 53/2021 Lampiran 2.5.1 b 2",
        "Permendagri 53/2021 Lampiran 2.4 a",
        "Permendagri 53/2021 Pasal 15",
        "Permendagri 53/2021 Pasal 12 huruf a",
        "Perbup PPU 2/2021 Pasal 4 d 3-4",
    ]
    ordered = sorted((parse_item(i) for i in items), key=Citation.sort_key)
    assert [f"{c.regulation} {c.article or c.note}" for c in ordered] == [
        "Perbup PPU 2/2021 Pasal 4 d 3-4",
        "Permendagri 53/2021 Pasal 12 huruf a",
        "Permendagri 53/2021 Pasal 15",
        "Permendagri 53/2021 Lampiran 2.4 a",
        "Permendagri 53/2021 Lampiran 2.5.1 b 2",
        "Perpres 16/2018 Pasal 9",
        "Perpres 16/2018 Pasal 26 ayat (5) huruf b",
        "Perpres 16/2018 Pasal 26 ayat (8)",
        "Perpres 46/2025 Pasal 38",
        "Peraturan LKPP 4/2021 SiKaP",
        "Peraturan LKPP 12/2021 Lampiran",
        "Kebijakan Lentera policy",
    ]


# ------------------------------------------------------------------------------ finding rules and tests


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def tree(tmp_path):
    _write(
        tmp_path,
        "lentera/demo/rules.py",
        '''
        def cited(x):
            """Cited.

            Cites: Permendagri 53/2021 Pasal 15 ayat (1).
            """
            return x

        def uncited(x):
            """A rule without its article."""

        def _helper():
            pass
        ''',
    )
    _write(
        tmp_path,
        "lentera/demo/scoring.py",
        '''
        def marked():
            """Cites: Kebijakan Lentera: a reason."""

        def plain():
            """Not a rule: no Cites: paragraph."""
        ''',
    )
    _write(
        tmp_path,
        "lentera/demo/tests/test_demo.py",
        """
        from lentera.demo import rules, scoring

        def check(x):
            return rules.cited(x)

        def test_cited_through_a_helper():
            assert check(1) == 1

        def test_uncited_named_but_never_called():
            assert True

        def test_marked_is_called():
            scoring.marked()
        """,
    )
    _write(
        tmp_path,
        "lentera/other/tests/test_other.py",
        """
        from lentera.demo import rules

        def test_uncited_in_another_app():
            rules.uncited(1)
        """,
    )
    return tmp_path


def test_build_finds_rules_citations_and_tests_in_a_tree(tree):
    found = {r.qualname: r for r in rules_index.build(tree)}
    assert set(found) == {"cited", "uncited", "marked"}
    assert found["cited"].citations == [Citation("Permendagri 53/2021", "Pasal 15 ayat (1)")]
    assert found["cited"].tests == ["lentera/demo/tests/test_demo.py::test_cited_through_a_helper"]
    assert found["cited"].path == "lentera/demo/rules.py" and found["cited"].line == 2
    assert found["uncited"].errors == ["no Cites: paragraph in the docstring"]
    # named after it but never calling it, or in another app: not its test
    assert found["uncited"].tests == []
    assert found["marked"].citations == [Citation(POLICY, "", "a reason")]
    problems = [(r.qualname, message) for r, message in rules_index.problems(list(found.values()))]
    assert [name for name, _message in problems] == ["uncited", "uncited"]


@pytest.mark.parametrize(
    "test_name, expected",
    [
        ("test_is_low_bid", True),
        ("test_is_low_bid_under_80_percent", True),
        ("test_pasal_26_is_low_bid", True),
        ("test_this_low_bid", False),
        ("test_is_low_bidder", False),
    ],
)
def test_named_after_needs_the_whole_name_between_underscores(test_name, expected):
    assert rules_index.named_after("is_low_bid", test_name) is expected


@pytest.mark.parametrize(
    "test_name, expected",
    [
        ("test_g_works_refuses_goods", True),
        ("test__g_works", True),
        ("test_works", False),
        ("test_g_workshop", False),
    ],
)
def test_named_after_ignores_a_private_rules_leading_underscores(test_name, expected):
    assert rules_index.named_after("_g_works", test_name) is expected


def test_a_private_function_with_a_cites_paragraph_is_a_rule_and_its_test_drops_the_underscore(tmp_path):
    app = tmp_path / "lentera" / "demo"
    (app / "services").mkdir(parents=True)
    (app / "tests").mkdir()
    (app / "services" / "_base.py").write_text(
        textwrap.dedent(
            '''
            def _g_cited(c):
                """A guard.

                Cites: Perpres 16/2018 Pasal 50 ayat (2).
                """

            def _helper(c):
                """Not a rule: private and without a Cites: paragraph."""
            '''
        )
    )
    (app / "tests" / "test_guards.py").write_text(
        "def test_g_cited_calls_it():\n    _g_cited(None)\n\ndef test_g_cited_without_calling_it():\n    pass\n"
    )
    found = rules_index.build(tmp_path)
    assert [r.qualname for r in found] == ["_g_cited"]
    assert found[0].citations == [Citation("Perpres 16/2018", "Pasal 50 ayat (2)")]
    assert found[0].tests == ["lentera/demo/tests/test_guards.py::test_g_cited_calls_it"]


def test_markdown_has_no_line_numbers_and_lists_problems(tree):
    found = rules_index.build(tree)
    markdown = rules_index.render_markdown(found)
    assert "rules.py:" not in markdown
    assert "| Pasal 15 ayat (1) | `lentera.demo.rules:cited` |" in markdown
    assert "## Problems" in markdown and "`lentera.demo.rules:uncited`" in markdown
    text = rules_index.render_text(found)
    assert "lentera.demo.rules:cited  (lentera/demo/rules.py:2)" in text
    assert "lentera/demo/tests/test_demo.py::test_cited_through_a_helper" in text


# ------------------------------------------------------------------------------ the command


def test_rules_index_command_prints_article_function_file_line_and_tests():
    out = io.StringIO()
    call_command("rules_index", stdout=out)
    text = out.getvalue()
    assert (
        "  Pasal 15 ayat (1)-(4)\n    lentera.planning.rules:check_pokja_composition  (lentera/planning/rules.py:"
        in text
    )
    assert (
        "lentera/planning/tests/test_rules.py::test_check_pokja_composition_ayat_1_2_odd_and_at_least_three"
        in text
    )
    assert text.index("Perbup PPU 2/2021") < text.index("Permendagri 53/2021") < text.index("Perpres 16/2018")


def test_rules_index_command_writes_the_markdown_and_checks_it(tmp_path, monkeypatch):
    target = tmp_path / "regulations.md"
    call_command("rules_index", format="markdown", output=str(target), stdout=io.StringIO())
    assert target.read_text(encoding="utf-8") == (ROOT / "docs" / "regulations.md").read_text(
        encoding="utf-8"
    )
    call_command("rules_index", check=True, stdout=io.StringIO())
    # a stale doc fails the check
    monkeypatch.setattr(rules_index, "render_markdown", lambda rules: "something else\n")
    with pytest.raises(CommandError, match="regulations.md is stale"):
        call_command("rules_index", check=True, stdout=io.StringIO())
