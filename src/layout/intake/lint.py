"""The intake's text rules over an existing edition: report (lint) or apply in place (fix).

Manifests are edited by hand after import, and copy pasted into them carries the same ASCII
punctuation and stray spaces. `lint_edition` reports each finding with its YAML line;
`fix_edition` rewrites only the changed strings in edition.yaml, so comments, key order and
the rest of the file stay byte for byte. `rejoin` does not apply: a manifest's list entries
are paragraphs already.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..atomic import write_atomic
from ..model import yamlio
from ..model.manifest import find_manifest
from ..model.validate import key_text
from .changes import Change
from .fields import text_fields
from .normalize import TEXT_RULES, check_rules, normalize


@dataclass(frozen=True)
class LintFinding:
    """One thing a rule would change, and where it is in the manifest."""
    file: str
    line: int              # 1-based line of the string in the YAML file
    key: str               # stories.main.body[2]
    owner: str             # story | photo | chronicle
    owner_id: str          # main, p2, c1
    number: int | None     # paragraph or item number, from 1
    change: Change

    @property
    def rule(self) -> str:
        return self.change.rule

    def __str__(self) -> str:
        c = self.change
        return f"{self.file}:{self.line}: {c.where}: {c.rule} «{c.before}» → «{c.after}»"


def format_findings(findings: Iterable[LintFinding]) -> str:
    """One line per finding: `file:line: where: rule «before» → «after»`."""
    return "\n".join(str(f) for f in findings)


def _text_rules(rules: Iterable[str] | None) -> frozenset[str]:
    return check_rules(rules) & frozenset(TEXT_RULES)


def _scan(edition_dir: str, rules: Iterable[str] | None):
    path = find_manifest(edition_dir)
    text, data, node = yamlio.load_manifest(path)       # checked against the schema: a malformed one is refused
    chosen = _text_rules(rules)
    results = []
    for field in text_fields(data if isinstance(data, dict) else {}):
        new, changes = normalize(field.text, field.where, rules=chosen, kind=field.kind)
        if changes:
            results.append((field, new, changes))
    return path, text, node, results


def lint_edition(edition_dir: str, rules: Iterable[str] | None = None) -> list[LintFinding]:
    """What the text rules would change in an edition's manifest; the file is not touched."""
    path, _text, node, results = _scan(edition_dir, rules)
    return [LintFinding(str(path), yamlio.scalar_line(node, field.path), key_text(field.path), field.owner,
                        field.owner_id, field.number, change)
            for field, _new, changes in results for change in changes]


def fix_edition(edition_dir: str, rules: Iterable[str] | None = None) -> list[Change]:
    """Apply the text rules to the manifest in place (atomically); return what changed."""
    path, text, _node, results = _scan(edition_dir, rules)
    if not results:
        return []
    new_text = yamlio.replace_scalars(text, {field.path: new for field, new, _ in results}, str(path))
    write_atomic(path, new_text.encode("utf-8"))
    return [c for _f, _n, changes in results for c in changes]
