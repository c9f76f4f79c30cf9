"""Every action of the issue's table: typed into the palette (Ctrl+P) by its name, Enter runs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import make, run, settle, unlock

# (English name, Russian name, the screen it opens)
TABLE = [
    ("Import files", "Импорт файлов", "ImportScreen"),
    ("Add condition", "Добавить заболевание", "ConditionForm"),
    ("Link document", "Привязать документ", "RecordForm"),
    ("Add summons", "Добавить повестку", "RecordForm"),
    ("Add letter", "Добавить письмо", "RecordForm"),
    ("Set board date", "Дата комиссии", "RecordForm"),
    ("Set AGS period", "Период АГС", "RecordForm"),
    ("Edit profile", "Профиль", "RecordForm"),
    ("Read text (OCR)", "Распознать текст", "OcrScreen"),
    ("Search text", "Поиск по тексту", "SearchScreen"),
    ("Export for lawyer", "Выгрузка для юриста", "ExportScreen"),
    ("Back up vault", "Резервная копия", "RecordForm"),
    ("Restore from backup", "Восстановить из копии", "RecordForm"),
    ("Change passphrase", "Сменить пароль", "RecordForm"),
    ("New recovery key", "Новый ключ восстановления", "ConfirmDialog"),
    ("Set duress passphrase", "Пароль под принуждением", "RecordForm"),
    ("Rehearse panic", "Репетиция паники", "RehearsalScreen"),
    ("Language", "Язык", "RecordForm"),
    ("Lock", "Запереть", "UnlockScreen"),
]


def test_the_table_matches_the_palette_registry() -> None:
    from tui.commands import PALETTE
    from tui.locale.ru import CATALOG

    assert [(en, CATALOG[en]) for en, *_rest in PALETTE] == [(en, ru) for en, ru, _s in TABLE]


PARTS = 3  # the table in three runs per language, so test workers share the work


@pytest.mark.parametrize("part", range(PARTS))
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_palette_name_runs_its_action(demo_vault: Path, lang: str, part: int) -> None:
    rows = TABLE[part::PARTS]
    opened: list[tuple[str, str]] = []

    async def scenario() -> None:
        app = make(demo_vault, lang=lang)
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            for en, ru, _screen in rows:
                await pilot.press("ctrl+p")
                await settle(pilot)
                assert type(app.screen).__name__ == "CommandPalette"
                await pilot.press(*(ru if lang == "ru" else en))
                await settle(pilot, 0.2)
                await pilot.press("enter")
                for _wait in range(50):  # not settle(): OCR would run to the end
                    await pilot.pause(0.1)
                    if type(app.screen).__name__ not in ("CommandPalette", "DashboardScreen"):
                        break
                title = getattr(app.screen, "title_text", "")
                opened.append((type(app.screen).__name__, title))
                if en != "Lock":
                    while len(app.screen_stack) > 2:
                        app.pop_screen()
                        await pilot.pause()
                    app.switch_screen(type(app.screen_stack[1])())  # back to a fresh dashboard
                    await settle(pilot)

    run(scenario())
    assert [name for name, _t in opened] == [screen for _en, _ru, screen in rows]
    titles = dict(zip([en for en, _ru, _s in rows], [t for _n, t in opened], strict=True))
    from tui.locale.ru import CATALOG

    def word(text: str) -> str:
        return CATALOG.get(text, text) if lang == "ru" else text

    expected = {"Add summons": "New summons", "Add letter": "New letter",
                "Change passphrase": "Change passphrase",
                "Set duress passphrase": "Set duress passphrase", "Edit profile": "Profile"}
    for command, title in expected.items():
        if command in titles:
            assert titles[command] == word(title)


def test_the_parts_cover_the_table_once() -> None:
    parts = [row for part in range(PARTS) for row in TABLE[part::PARTS]]
    assert sorted(parts) == sorted(TABLE) and len(parts) == len(TABLE)
