"""Values from the walk-through: Russian dates, dispatch periods, the README's tracking number."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import PASS, ROOT, init_vault, spravka


def test_profile_accepts_russian_and_iso_dates(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    init_vault(vault)
    res = spravka("profile", "set", "--passphrase-stdin", "birth_date=14.05.2006", stdin=PASS + "\n", vault=vault)
    assert res.code == 0, res.err
    shown = spravka("profile", "show", "--passphrase-stdin", "--json", stdin=PASS + "\n", vault=vault).json()
    assert shown["birth_date"] == "2006-05-14"
    res = spravka("board", "set", "--passphrase-stdin", "01.03.2027", stdin=PASS + "\n", vault=vault)
    assert res.code == 0, res.err
    bad = spravka("profile", "set", "--passphrase-stdin", "birth_date=31.02.2006", stdin=PASS + "\n", vault=vault)
    assert bad.code == 9 and "birth_date" in bad.err and "Traceback" not in bad.err


def test_unknown_ags_period_is_refused_with_the_valid_ones(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    init_vault(vault)
    bad = spravka("settings", "set", "--passphrase-stdin", "ags_target_period=весна-2027",
                  stdin=PASS + "\n", vault=vault)
    assert bad.code == 9, bad.err
    assert "autumn" in bad.err and "spring" in bad.err and len(bad.err.strip().splitlines()) == 1
    shown = spravka("settings", "show", "--passphrase-stdin", "--json", stdin=PASS + "\n", vault=vault).json()
    assert shown["ags_target_period"] is None  # nothing stored
    ok = spravka("settings", "set", "--passphrase-stdin", "ags_target_period=2027-spring",
                 stdin=PASS + "\n", vault=vault)
    assert ok.code == 0, ok.err


def test_readme_tracking_example_passes_the_check_digit() -> None:
    from vault.evidence.rules import load_rules
    from vault.evidence.tracking import is_valid_tracking

    numbers = re.findall(r"(?:--tracking |\"tracking\": \")(\d+)", (ROOT / "README.md").read_text())
    assert numbers
    assert all(is_valid_tracking(n, load_rules().tracking) for n in numbers)
