from __future__ import annotations

import pytest

from vault.evidence.rules import Rules, load_rules


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()
