"""Spravka's terminal UI (Textual). The core (``vault``) never imports this package.

Importing the package scrubs the environment variables that would make
Textual write to disk (devtools, log file, automatic screenshots) *before*
Textual's constants module reads them: no plaintext may leave the process.
"""

from __future__ import annotations

import os

_DISK_WRITERS = ("TEXTUAL_LOG", "TEXTUAL_SCREENSHOT", "TEXTUAL_SCREENSHOT_LOCATION",
                 "TEXTUAL_SCREENSHOT_FILENAME", "TEXTUAL_DEVTOOLS_HOST", "TEXTUAL_DEVTOOLS_PORT")


def scrub_environment() -> None:
    for name in _DISK_WRITERS:
        os.environ.pop(name, None)
    features = [f for f in os.environ.get("TEXTUAL", "").split(",")
                if f.strip() and f.strip() not in ("devtools", "debug")]
    if features:
        os.environ["TEXTUAL"] = ",".join(features)
    else:
        os.environ.pop("TEXTUAL", None)


scrub_environment()
