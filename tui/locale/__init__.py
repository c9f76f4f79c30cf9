"""Catalogs: English source string -> translation. English needs none."""

from __future__ import annotations

from functools import cache


@cache
def catalog(lang: str) -> dict[str, str]:
    if lang == "ru":
        from tui.locale.ru import CATALOG

        return CATALOG
    return {}
