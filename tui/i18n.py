"""gettext-style translation without .mo files: one Python dict catalog per language.

Source strings are English. ``_`` must be importable before any other ``tui``
module is, because Binding descriptions are class attributes evaluated at
import; the language is therefore decided here, at import, from
``SPRAVKA_LANG``, then the POSIX locale (``LANG=ru_RU.UTF-8`` -> ru). After
unlock the vault's own setting may switch it: :func:`set_language` then
:func:`retranslate_bindings` rewrites the merged bindings of every UI class so
new screens show the new language.
"""

from __future__ import annotations

import dataclasses
import os
from datetime import date

LANGUAGES = ("ru", "en")
_current = "en"
_catalog: dict[str, str] = {}
_reverse: dict[str, str] = {}


def detect_language(explicit: str | None = None) -> str:
    """explicit > SPRAVKA_LANG > LC_ALL/LC_MESSAGES/LANG (ru* -> ru) > en."""
    for value in (explicit, os.environ.get("SPRAVKA_LANG")):
        if value and value[:2].lower() in LANGUAGES:
            return value[:2].lower()
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    return "en"


def env_language() -> str | None:
    """The language forced by the environment (beats the vault setting), if any."""
    value = os.environ.get("SPRAVKA_LANG", "")
    return value[:2].lower() if value[:2].lower() in LANGUAGES else None


def set_language(lang: str) -> None:
    global _current, _catalog, _reverse
    from tui.locale import catalog

    _current = lang if lang in LANGUAGES else "en"
    _catalog = catalog(_current)
    _reverse = {}
    for other in LANGUAGES:
        for src, text in catalog(other).items():
            _reverse[text] = src


def language() -> str:
    return _current


def _(message: str) -> str:
    """Translate an English source string into the current language."""
    return _catalog.get(message, message)


def source_of(text: str) -> str:
    """The English source of a (possibly translated) string."""
    return _reverse.get(text, text)


def fmt_date(value: date | str | None) -> str:
    """A date in the locale's format: ru 22.11.2026, en 2026-11-22; '' for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value.strftime("%d.%m.%Y") if _current == "ru" else value.isoformat()


def parse_user_date(text: str) -> str:
    """Accept 22.11.2026 or 2026-11-22 from the user; return ISO (validation is the core's)."""
    text = text.strip()
    parts = text.split(".")
    if len(parts) == 3 and len(parts[2]) == 4:
        return f"{parts[2]}-{parts[1].zfill(2)}-{parts[0].zfill(2)}"
    return text


def pick(ru: str, en: str) -> str:
    """Choose between the core's paired ru/en texts (gaps, suggestions, kinds)."""
    return ru if _current == "ru" else en


def retranslate_bindings() -> None:
    """Re-translate the class-level bindings of every loaded tui DOM class."""
    from textual.dom import DOMNode

    seen: set[type] = set()
    stack: list[type] = [DOMNode]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    for cls in seen:
        if not cls.__module__.startswith("tui.") or "BINDINGS" not in cls.__dict__:
            continue
        cls.BINDINGS = [_translated(b) for b in cls.__dict__["BINDINGS"]]  # type: ignore[attr-defined]
    for cls in seen:
        if cls.__module__.startswith("tui."):
            cls._merged_bindings = cls._merge_bindings()  # type: ignore[attr-defined]


def _translated(binding: object) -> object:
    if not dataclasses.is_dataclass(binding):
        return binding
    desc = _(source_of(binding.description))  # type: ignore[attr-defined]
    tip = _(source_of(binding.tooltip)) if binding.tooltip else binding.tooltip  # type: ignore[attr-defined]
    return dataclasses.replace(binding, description=desc, tooltip=tip)  # type: ignore[type-var]


set_language(detect_language())
