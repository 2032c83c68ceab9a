"""The import report: what was recognised, what needs a person, and every change, for approval."""
from __future__ import annotations

from .changes import format_changes
from .importer import ImportResult


def format_report(result: ImportResult) -> str:
    """Notes, then warnings (marked !), then one line per change with a count per rule."""
    lines = list(result.notes)
    lines += [f"! {w}" for w in result.warnings]
    counts: dict[str, int] = {}
    for c in result.changes:
        counts[c.rule] = counts.get(c.rule, 0) + 1
    summary = ", ".join(f"{rule} {n}" for rule, n in counts.items()) or "none"
    lines.append(f"{len(result.changes)} changes ({summary}):")
    if result.changes:
        lines.append(format_changes(result.changes))
    return "\n".join(lines)
