"""The app's Header survives a title change after its children are gone (the lock-time race)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Header as TextualHeader
from textual.widgets._header import HeaderTitle

from tests.tui.conftest import run
from tui.widgets.header import Header


def _title_change_after_removal(header_type: type[TextualHeader]) -> None:
    class Probe(App[None]):
        def compose(self) -> ComposeResult:
            yield header_type()

    async def scenario() -> None:
        app = Probe()
        async with app.run_test() as pilot:
            await app.query_one(HeaderTitle).remove()
            app.title = "changed while the header is going away"
            await pilot.pause()

    run(scenario())


def test_spravka_header_ignores_a_title_change_after_removal() -> None:
    _title_change_after_removal(Header)


def test_textual_header_alone_would_fail_there() -> None:
    with pytest.raises(Exception):  # noqa: B017 - NoMatches, surfaced by run_test
        _title_change_after_removal(TextualHeader)
