"""Serialised access to pdfium.

pdfium is not thread-safe (pypdfium2 documents that calls must not run
concurrently), while the TUI may render a preview in one worker as an import
inspects in another. This lock is the one piece of module state here: a
synchronisation primitive, not data. Forms are never initialised, so pdfium
never runs JavaScript or form actions.
"""

from __future__ import annotations

import threading

PDFIUM_LOCK = threading.Lock()
