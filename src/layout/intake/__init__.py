"""Intake: delivered plain-text copy into an edition manifest, and the same text rules as a linter.

    import_copy(text, photos_dir=…, rules=…)  → ImportResult(manifest, changes, notes, warnings)
    add_story(manifest, imported)             → manifest with the imported story added
    export_copy(manifest)                     → plain text that imports back unchanged
    lint_edition(folder) / fix_edition(folder) → findings with YAML lines / changes applied in place
    format_changes(changes)                   → one line per change, for an editor to approve
"""
from .changes import Change, format_changes
from .exportcopy import export_copy
from .importer import ImportResult, add_story, import_copy, split_date
from .lint import LintFinding, fix_edition, format_findings, lint_edition
from .normalize import RULES, TEXT_RULES, normalize
from .report import format_report

__all__ = ["Change", "ImportResult", "LintFinding", "RULES", "TEXT_RULES", "add_story", "export_copy",
           "fix_edition", "format_changes", "format_findings", "format_report", "import_copy", "lint_edition",
           "normalize", "split_date"]
