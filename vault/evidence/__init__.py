"""Pure evidence model and gap engine: no database, no UI, no I/O except rule files.

Typical use::

    rules = load_rules()                       # once; the caller keeps it
    gaps = compute_gaps(snapshot, board, today, rules)
"""

from __future__ import annotations

from vault.evidence.gap import Gap
from vault.evidence.gaps import IMPLEMENTED, compute_gaps
from vault.evidence.rules import Rules, load_rules
from vault.evidence.suggest import Suggestion, suggest_links

__all__ = ["IMPLEMENTED", "Gap", "Rules", "Suggestion", "compute_gaps", "load_rules", "suggest_links"]
