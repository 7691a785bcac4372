"""Where each regulation article is enforced: the rule functions, the articles they cite and their tests.

Read from the source files (``ast``), never by importing the apps, so the core app can index every app above it.

**A rule function** is

* every public module-level function of a ``lentera/<app>/rules.py`` module, and
* any function elsewhere whose docstring has a ``Cites:`` paragraph (e.g. ``tendering/scoring.py``).

**Its citation** is the ``Cites:`` paragraph of its docstring (it runs to the next blank line): one or more items
separated by ``;`` (a ``;`` inside parentheses does not separate), each in one of two forms::

    <regulation> <number>/<year> [<article>] [(<note>)]    Permendagri 53/2021 Pasal 15 ayat (3)
    Kebijakan Lentera: <reason>                           the project's own policy, and why

A policy item comes last: its reason runs to the end of the paragraph. ``<regulation>`` is one of
:data:`REGULATIONS`; ``<article>`` starts with ``Pasal`` or ``Lampiran``. An item without an article (only a
note) says the article is not confirmed; it is listed as such. Each item starts on its own line, so a citation's
head is never broken across lines and one grep finds where an article is enforced: ``grep -rn "Perpres 16/2018
Pasal 26" lentera`` (or ``./lentera.sh manage rules_index | grep -A3 "Pasal 26"``, with files, lines and tests).

**Its test** is a test function of the same app (or of ``lentera/tests``) whose name contains the rule function's
name between underscores (``test_is_low_bid_*`` for ``is_low_bid``; without a private name's leading underscores,
``test_g_works_*`` for ``_g_works``) and whose code calls it (itself or through a helper function of its module).

A private function (``_g_works``, a tendering transition guard) is a rule function when its docstring has a
``Cites:`` paragraph, wherever it is; a private helper of a ``rules.py`` without one is not.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

#: The regulations a citation may name, in the order the index lists them (the regency's, the ministry's, then the
#: national ones); "Kebijakan Lentera" (project policy) comes last.
REGULATIONS = ("Perbup PPU", "Permendagri", "Perpres", "Peraturan LKPP")
POLICY = "Kebijakan Lentera"

_ITEM = re.compile(
    r"^(?P<regulation>" + "|".join(re.escape(r) for r in REGULATIONS) + r") (?P<number>\d+/\d{4})"
    r"(?: (?P<rest>.+))?$"
)
_POLICY = re.compile(r"^" + re.escape(POLICY) + r": (?P<reason>\S.*)$")
_NATURAL = re.compile(r"(\d+)")


class CitationError(ValueError):
    """A ``Cites:`` item in neither form."""


@dataclass(frozen=True, order=True)
class Citation:
    """One item of a ``Cites:`` paragraph. ``article`` is empty for policy and for an unconfirmed article."""

    regulation: str  # e.g. "Perpres 16/2018", or "Kebijakan Lentera"
    article: str  # e.g. "Pasal 26 ayat (5) huruf b"
    note: str = ""  # the policy's reason, or the note of an item without an article

    def sort_key(self) -> tuple:
        if self.regulation == POLICY:
            return (len(REGULATIONS), "", _article_key(self.article))
        name, _space, number = self.regulation.rpartition(" ")
        return (REGULATIONS.index(name), _year_number(number), _article_key(self.article))


def _year_number(number: str) -> str:
    """'12/2021' sorts by year, then number."""
    num, _slash, year = number.partition("/")
    return f"{year}/{num.zfill(4)}"


def _natural(text: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part.lower() for part in _NATURAL.split(text))


def _article_key(article: str) -> tuple:
    """Pasal before Lampiran, then natural order (Pasal 2 < Pasal 12; Lampiran 2.4 < 2.5.1)."""
    if not article:
        return (2, ())
    return (0 if article.startswith("Pasal") else 1, _natural(article))


def _split_items(text: str) -> list[str]:
    """Items separated by ``;`` outside parentheses; a policy item runs to the end (its reason may hold ``;``)."""
    head, policy, reason = text.partition(POLICY + ":")
    if policy:
        return _split_plain(head) + [f"{POLICY}:{reason}".strip().rstrip(".").strip()]
    return _split_plain(text)


def _split_plain(text: str) -> list[str]:
    items: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char == ";" and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [item.strip().rstrip(".").strip() for item in items if item.strip().rstrip(".").strip()]


def parse_item(item: str) -> Citation:
    """One ``Cites:`` item as a :class:`Citation`; :class:`CitationError` when it is in neither form."""
    policy = _POLICY.match(item)
    if policy:
        return Citation(POLICY, "", policy["reason"].strip())
    match = _ITEM.match(item)
    if not match:
        raise CitationError(
            f"{item!r}: expected '<regulation> <number>/<year> <article>' with the regulation one of "
            f"{', '.join(REGULATIONS)}, or '{POLICY}: <reason>'"
        )
    regulation = f"{match['regulation']} {match['number']}"
    rest = (match["rest"] or "").strip()
    if rest.startswith(("Pasal ", "Lampiran")):
        return Citation(regulation, rest)
    if rest.startswith("(") and rest.endswith(")") and len(rest) > 2:
        return Citation(regulation, "", rest[1:-1].strip())
    raise CitationError(
        f"{item!r}: the article must start with 'Pasal' or 'Lampiran', or be a note in parentheses"
    )


def cites_paragraph(docstring: str | None) -> str | None:
    """The text of the docstring's ``Cites:`` paragraph (without the word), or None when it has none."""
    if not docstring:
        return None
    lines = docstring.splitlines()
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("Cites:"):
            parts = [stripped[len("Cites:") :].strip()]
            for following in lines[index + 1 :]:
                if not following.strip():
                    break
                parts.append(following.strip())
            return " ".join(part for part in parts if part)
    return None


def parse_cites(docstring: str | None) -> tuple[list[Citation], list[str]]:
    """The citations of a docstring, and the errors of the items that could not be read."""
    text = cites_paragraph(docstring)
    if text is None:
        return [], []
    citations, errors = [], []
    for item in _split_items(text):
        try:
            citations.append(parse_item(item))
        except CitationError as exc:
            errors.append(str(exc))
    if not citations and not errors:
        errors.append("the Cites: paragraph is empty")
    return citations, errors


@dataclass
class RuleFunction:
    module: str  # lentera.tendering.rules
    qualname: str  # is_low_bid, or Class.method
    path: str  # lentera/tendering/rules.py (relative to the project root)
    line: int
    app: str
    citations: list[Citation] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    tests: list[str] = field(default_factory=list)  # path::Class::test_name

    @property
    def name(self) -> str:
        return self.qualname.rpartition(".")[2]

    @property
    def target(self) -> str:
        return f"{self.module}:{self.qualname}"


def _app_of(rel: Path) -> str:
    parts = rel.parts
    return parts[1] if len(parts) > 2 else ""


def _source_files(package: Path) -> list[Path]:
    files = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package)
        if "tests" in rel.parts or "migrations" in rel.parts or rel.parts[0] == "settings":
            continue
        files.append(path)
    return files


def _functions(tree: ast.Module):
    """Module-level functions, and methods of module-level classes, with their qualified names."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node, True
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield f"{node.name}.{item.name}", item, False


def find_rules(root: Path) -> list[RuleFunction]:
    """Every rule function under ``root/lentera`` (see the module docstring), in file and line order."""
    package = root / "lentera"
    found = []
    for path in _source_files(package):
        rel = path.relative_to(root)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(rel))
        in_rules_module = path.name == "rules.py"
        for qualname, node, module_level in _functions(tree):
            docstring = ast.get_docstring(node)
            has_cites = cites_paragraph(docstring) is not None
            public_rule = in_rules_module and module_level and not node.name.startswith("_")
            if not (public_rule or has_cites):
                continue
            citations, errors = parse_cites(docstring)
            if not citations and not errors:
                errors = ["no Cites: paragraph in the docstring"]
            found.append(
                RuleFunction(
                    module=".".join(rel.with_suffix("").parts),
                    qualname=qualname,
                    path=rel.as_posix(),
                    line=node.lineno,
                    app=_app_of(rel),
                    citations=citations,
                    errors=errors,
                )
            )
    return found


@dataclass(frozen=True)
class TestFunction:
    id: str  # path::[Class::]test_name
    name: str
    names_used: frozenset[str]  # every name and attribute the test's code mentions


def _names_used(node: ast.AST) -> frozenset[str]:
    used = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            used.add(child.id)
        elif isinstance(child, ast.Attribute):
            used.add(child.attr)
    return frozenset(used)


def find_tests(root: Path) -> dict[str, list[TestFunction]]:
    """Test functions by app ("" for ``lentera/tests``), read from the test files."""
    package = root / "lentera"
    by_app: dict[str, list[TestFunction]] = {}
    for path in sorted(package.rglob("test*.py")):
        rel = path.relative_to(root)
        if "tests" not in rel.parts:
            continue
        app = "" if rel.parts[1] == "tests" else rel.parts[1]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(rel))
        helpers = {
            node.name: _names_used(node)
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("test")
        }
        found = by_app.setdefault(app, [])
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
                used = _with_helpers(_names_used(node), helpers)
                found.append(TestFunction(f"{rel.as_posix()}::{node.name}", node.name, used))
            elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name.startswith(
                        "test"
                    ):
                        test_id = f"{rel.as_posix()}::{node.name}::{item.name}"
                        found.append(
                            TestFunction(test_id, item.name, _with_helpers(_names_used(item), helpers))
                        )
    return by_app


def _with_helpers(used: frozenset[str], helpers: dict[str, frozenset[str]]) -> frozenset[str]:
    """The names a test mentions, with those of the module's helper functions it calls (at any depth)."""
    seen, todo, out = set(), [name for name in used if name in helpers], set(used)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        out |= helpers[name]
        todo.extend(n for n in helpers[name] if n in helpers and n not in seen)
    return frozenset(out)


def named_after(rule_name: str, test_name: str) -> bool:
    """Whether a test's name contains the rule's name between underscores (or at an end). A private rule
    function's leading underscores are not part of it: ``test_g_works_*`` is named after ``_g_works``."""
    name = rule_name.lstrip("_") or rule_name
    return re.search(rf"(^|_){re.escape(name)}(_|$)", test_name) is not None


def tests_of(rule: RuleFunction, tests: dict[str, list[TestFunction]]) -> list[str]:
    """The tests of a rule function: in its app (or ``lentera/tests``), named after it, and calling it (its name
    appears in the test's code), so a test that only shares a word with it does not count."""
    candidates = tests.get(rule.app, []) + tests.get("", [])
    return [t.id for t in candidates if named_after(rule.name, t.name) and rule.name in t.names_used]


def build(root: Path) -> list[RuleFunction]:
    """The rule functions with their citations and tests."""
    rules = find_rules(root)
    tests = find_tests(root)
    for rule in rules:
        rule.tests = tests_of(rule, tests)
    return rules


def by_article(rules: list[RuleFunction]) -> list[tuple[Citation, list[RuleFunction]]]:
    """(citation, the rule functions citing it), sorted by regulation and article, naturally."""
    grouped: dict[Citation, list[RuleFunction]] = {}
    for rule in rules:
        for citation in rule.citations:
            key = Citation(citation.regulation, citation.article, "" if citation.article else citation.note)
            grouped.setdefault(key, []).append(rule)
    return sorted(grouped.items(), key=lambda pair: (pair[0].sort_key(), pair[0].note))


def problems(rules: list[RuleFunction]) -> list[tuple[RuleFunction, str]]:
    """(rule function, what is wrong): no readable citation, no test named after it."""
    out: list[tuple[RuleFunction, str]] = []
    for rule in rules:
        out.extend((rule, error) for error in rule.errors)
        if not rule.tests:
            name = rule.name.lstrip("_") or rule.name
            out.append((rule, f"no test named after it (test_*{name}*) in lentera/{rule.app}/tests"))
    return out


def _article_label(citation: Citation) -> str:
    if citation.regulation == POLICY:
        return citation.note
    return citation.article or f"(pasal belum dikonfirmasi: {citation.note})"


def render_text(rules: list[RuleFunction]) -> str:
    """Article → function (module:qualname, file:line) → test(s), for a terminal."""
    lines = []
    current = None
    for citation, cited_by in by_article(rules):
        if citation.regulation != current:
            current = citation.regulation
            lines.append(current)
        lines.append(f"  {_article_label(citation)}")
        for rule in cited_by:
            lines.append(f"    {rule.target}  ({rule.path}:{rule.line})")
            for test_id in rule.tests or ["NO TEST"]:
                lines.append(f"      {test_id}")
    found = problems(rules)
    lines.append("")
    lines.append(_summary(rules))
    if found:
        lines.append("Problems:")
        lines.extend(f"  {rule.target} ({rule.path}:{rule.line}): {message}" for rule, message in found)
    return "\n".join(lines) + "\n"


def _summary(rules: list[RuleFunction]) -> str:
    cited = sum(1 for rule in rules if rule.citations and not rule.errors)
    tested = sum(1 for rule in rules if rule.tests)
    return f"{len(rules)} rule functions: {cited} with a citation, {tested} with a test."


MARKDOWN_HEADER = """\
# Regulations: where each article is enforced

<!-- Generated by `./lentera.sh manage rules_index --format markdown --output docs/regulations.md`; do not edit.
     lentera/core/tests/test_rules_index.py fails when this file differs from what the command writes. -->

Every regulation rule lives in one *rule function* whose docstring cites the article in a `Cites:` paragraph, and
has a test named after it that calls it. Rule functions are the public functions of each app's `rules.py` and any
function whose docstring has a `Cites:` paragraph; the form is described in `lentera/core/rules_index.py`. To find
where an article is enforced: `grep -rn "Perpres 16/2018 Pasal 26" lentera`, or `./lentera.sh manage rules_index`
(with files and line numbers). *Kebijakan Lentera* marks the project's own policy, with its reason; "pasal belum
dikonfirmasi" marks a rule whose regulation is known but whose article the project has not confirmed. The texts of
the Perbup PPU 2/2021 and the Permendagri 53/2021 are in the project's seeds; the national articles (Perpres 16/2018
as changed by Perpres 12/2021 and 46/2025, Peraturan LKPP) are cited from the consolidated texts and should be
confirmed by the UKPBJ's legal officer.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(rules: list[RuleFunction]) -> str:
    """The same index as a markdown document, without line numbers (so it changes only when a rule does)."""
    out = [MARKDOWN_HEADER, "", _summary(rules), ""]
    current = None
    for citation, cited_by in by_article(rules):
        if citation.regulation != current:
            current = citation.regulation
            out += ["", f"## {current}", "", "| Article | Rule function | Tests |", "|---|---|---|"]
        for rule in cited_by:
            tests = "<br>".join(f"`{test_id}`" for test_id in rule.tests) or "**none**"
            out.append(f"| {_cell(_article_label(citation))} | `{rule.target}` | {tests} |")
    found = problems(rules)
    if found:
        out += ["", "## Problems", ""] + [f"- `{rule.target}`: {message}" for rule, message in found]
    return "\n".join(out).replace("\n\n\n", "\n\n") + "\n"
