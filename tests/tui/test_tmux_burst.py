"""Every form in a real terminal, its keys sent in ONE burst (tmux send-keys, Tab between fields).

A paste or a password manager's auto-type delivers keys faster than the UI
redraws; each value must still land in its own field. The stored values are
checked through the CLI afterwards.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import PASS, ROOT, spravka
from tests.tui.test_tmux import Tmux

pytestmark = [pytest.mark.tui, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]


def _start(tmux: Tmux, tmp_path: Path, program: str) -> None:
    env = f"env PYTHONPATH={ROOT} HOME={tmp_path} SPRAVKA_LANG=en TERM=xterm-256color"
    tmux("new-session", "-d", "-s", "t", "-x", "140", "-y", "50",
         f"cd {ROOT} && {env} {sys.executable} {program}; echo EXITED=$?; sleep 60")


def _keys(tmux: Tmux, *keys: str) -> None:
    """One send-keys call: tmux writes all of it to the terminal at once."""
    tmux("send-keys", "-t", "t", *keys)


def _palette(tmux: Tmux, name: str, expect: str) -> None:
    _keys(tmux, "C-p")
    tmux.wait_for("Search for commands")
    _keys(tmux, "-l", name)
    deadline = time.monotonic() + 10
    while tmux.screen().count(name) < 2 and time.monotonic() < deadline:  # typed, and found
        time.sleep(0.1)
    _keys(tmux, "Enter")
    tmux.wait_for(expect)


def _cli(vault: Path, *args: str) -> object:
    res = spravka(*args, "--passphrase-stdin", "--json", stdin=PASS + "\n", vault=vault)
    assert res.code == 0, res.err
    return res.json()


def test_bursts_on_create_unlock_summons_letter_and_editor(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    tmux = Tmux(f"spravka-burst-{os.getpid()}")
    create = ("-c 'import sys; from pathlib import Path; from vault.keys.kdf import TEST_PARAMS; "
              "from tui.app import make_app; make_app(Path(sys.argv[1]), kdf_params=TEST_PARAMS).run()' "
              f"{vault}")
    try:  # ---- create: passphrase, Tab, the same again, Enter: one burst
        _start(tmux, tmp_path, create)
        tmux.wait_for("Create a new vault")
        _keys(tmux, PASS, "Tab", PASS, "Enter")
        tmux.wait_for("I wrote it down")
        _keys(tmux, "Enter")
        tmux.wait_for("documents in the vault")
        _keys(tmux, "C-q")
        tmux.wait_for("EXITED=0")
    finally:
        tmux("kill-server")
    assert _cli(vault, "info")["documents"] == 0  # type: ignore[index]  # the passphrase is PASS, not PASS+PASS

    from vault.demo import SAMPLES, write_samples

    scans = write_samples(tmp_path / "scans", SAMPLES[:2])
    assert spravka("import", *map(str, scans), "--passphrase-stdin", stdin=PASS + "\n", vault=vault).code == 0

    tmux = Tmux(f"spravka-burst2-{os.getpid()}")
    try:  # ---- unlock in one burst, then the CLI names the running UI
        _start(tmux, tmp_path, f"-m vault.cli.entry --vault {vault}")
        tmux.wait_for("or recovery key")
        _keys(tmux, PASS, "Enter")
        tmux.wait_for("documents in the vault")
        busy = spravka("info", "--passphrase-stdin", stdin=PASS + "\n", vault=vault)
        assert busy.code == 6 and "terminal UI" in busy.err and "Ctrl+L" in busy.err

        # ---- summons: appear on, received, placed, (3 choices), notes
        _palette(tmux, "Add summons", "New summons")
        _keys(tmux, "01.12.2026", "Tab", "15.11.2026", "Tab", "14.11.2026", "Tab", "Tab", "Tab", "Tab",
              "вручена у подъезда", "C-s")
        tmux.wait_for("(summons #1)")  # saved: under Open deadlines

        # ---- letter: the purpose is a choice (picked first), then every text field in one burst
        _palette(tmux, "Add letter", "New letter")
        _keys(tmux, "Enter")
        tmux.wait_for("AGS: alternative civilian service application")  # the list is open
        _keys(tmux, "Down")
        time.sleep(0.3)
        _keys(tmux, "Enter")
        time.sleep(1.0)
        _keys(tmux, "Tab", "20.03.2026", "Tab", "80085193123459", "Tab", "Tab", "Tab", "Tab", "25.03.2026",
              "Tab", "Tab", "Прошу заменить службу на АГС", "Tab", "2027-spring", "Tab", "Tab", "заказное", "C-s")
        tmux.wait_for("Letter of 2026-03-20")  # saved: its gap is on the dashboard

        # ---- document editor: every field after the kind, in one burst
        _keys(tmux, "o")
        tmux.wait_for("Search: title")
        time.sleep(0.5)
        _keys(tmux, "Enter")
        tmux.wait_for("Document #1")
        time.sleep(0.5)
        _keys(tmux, "Tab", "01.09.2026", "Tab", "01.08.2026", "Tab", "31.08.2026", "Tab",
              "Выписка пульмонолога", "Tab", "ГП №3", "Tab",
              "Иванова И. И.", "Tab", "пульмонолог", "Tab", "J45.0", "Tab", "Бронхиальная астма", "Tab",
              "частые приступы", "Tab", "Tab", "заметка", "C-s")
        tmux.wait_for("Saved:")
        _keys(tmux, "C-q")
        tmux.wait_for("EXITED=0")
    finally:
        tmux("kill-server")

    [summons] = _cli(vault, "summons", "list")  # type: ignore[misc]
    assert (summons["appear_on"], summons["received"], summons["placed"], summons["notes"]) == (
        "2026-12-01", "2026-11-15", "2026-11-14", "вручена у подъезда")
    [letter] = _cli(vault, "letter", "list")  # type: ignore[misc]
    assert (letter["purpose"], letter["sent"], letter["tracking"], letter["delivered"], letter["text"],
            letter["ags_period"], letter["notes"]) == (
        "ags", "2026-03-20", "80085193123459", "2026-03-25", "Прошу заменить службу на АГС", "2027-spring",
        "заказное")
    doc = _cli(vault, "doc", "show", "1")
    assert {k: doc[k] for k in ("issued", "period_start", "period_end", "title", "facility", "doctor",  # type: ignore[index]
                                "specialty", "icd10", "diagnosis", "wording", "notes")} == {
        "issued": "2026-09-01", "title": "Выписка пульмонолога", "period_start": "2026-08-01", "period_end": "2026-08-31", "facility": "ГП №3",
        "doctor": "Иванова И. И.", "specialty": "пульмонолог", "icd10": ["J45.0"],
        "diagnosis": "Бронхиальная астма", "wording": "частые приступы", "notes": "заметка"}
