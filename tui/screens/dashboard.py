"""Dashboard: board-date countdown, evidence matrix per condition, gaps, deadlines, lawyer's copy."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Label, Static

from tui.actions import deadline_text, gap_source
from tui.i18n import _, fmt_date, pick
from tui.messages import ReportComputed
from tui.model import ELEMENTS, cell_text, element_label, evidence_matrix, scenario_cell
from tui.screens.base import VaultScreen
from tui.widgets.header import Header

SEVERITY_LABEL = {"blocker": "Blocker", "high": "High", "medium": "Medium", "low": "Low", "info": "Info"}


class DashboardScreen(VaultScreen):
    HELP = _("The dashboard shows how many days are left until the medical board, which evidence "
             "each condition has (history, current state within six months, dispensary "
             "observation), what is missing with how to fix it, and open deadlines.")
    BINDINGS = [
        Binding("o,щ", "app.goto('documents')", _("Documents"), id="dash.documents",
                tooltip=_("The document list with preview and editor")),
        Binding("i,ш", "app.goto('import')", _("Import"), id="dash.import",
                tooltip=_("Import files or a folder")),
        Binding("t,е", "app.goto('timeline')", _("Timeline"), id="dash.timeline",
                tooltip=_("Summonses, letters, documents and board dates")),
        Binding("e,у", "app.goto('export')", _("Export"), id="dash.export",
                tooltip=_("Update the lawyer’s copy")),
        Binding("c,с", "add_condition", _("Add condition"), id="dash.condition",
                tooltip=_("Choose the diagnosis and its article; Enter on a row edits it")),
        Binding("r,к", "refresh", _("Refresh"), id="dash.refresh", show=False,
                tooltip=_("Recompute the gap report")),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="dash-top"):
            yield Static(_("Loading…"), id="countdown", classes="panel")
            yield Static("", id="lawyer", classes="panel")
        yield Label(_("Evidence by condition"), classes="section")
        yield DataTable(id="matrix", cursor_type="row", zebra_stripes=True)
        yield Label(_("Gaps — most severe first"), classes="section")
        yield VerticalScroll(id="gaps")
        yield Label(_("Open deadlines"), classes="section")
        yield Static("", id="deadlines", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Dashboard")
        self.action_refresh()

    def action_add_condition(self) -> None:
        from tui.screens.condition import add_condition

        add_condition(self.sapp)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key and key.isdigit():
            self.edit_condition(int(key))

    def edit_condition(self, cond_id: int) -> None:
        from tui.actions import in_thread
        from tui.screens.condition import add_condition

        def load() -> dict[str, Any]:
            from vault.records.conditions import list_conditions

            return next(c for c in list_conditions(self.vault) if c["id"] == cond_id)

        in_thread(self.sapp, load, lambda cond: add_condition(self.sapp, cond), _("Condition"))

    def action_refresh(self) -> None:
        self.compute(self.sapp.today())

    @work(thread=True, exclusive=True, exit_on_error=False, group="report", description="gap report")
    def compute(self, today: Any) -> None:
        try:
            from tui.model import rules
            from vault.info import vault_info
            from vault.records.report import compute_report

            vault = self.vault  # the rules parsed once per app run, not on every refresh
            self.post_message(ReportComputed(compute_report(vault, today, rules()), vault_info(vault)))
        except Exception as err:  # noqa: BLE001 - shown, never fatal
            self.fail(_("Gap report"), err)

    def on_report_computed(self, message: ReportComputed) -> None:
        report, info = message.report, message.info
        self.sapp.cache["report"] = report
        self.sapp.cache["lawyer_note_locked"] = (info.get("last_export"), info.get("changed_since_export", 0))
        if report.board_date:
            text = _("Board date: {date} — {n} days left").format(date=fmt_date(report.board_date),
                                                                   n=report.days_left)
        else:
            text = _("No board date set (Timeline → b)")
        self.query_one("#countdown", Static).update(
            text + "\n" + _("{n} documents in the vault").format(n=info.get("documents", 0)))
        last, changed = info.get("last_export"), info.get("changed_since_export", 0)
        lawyer = (_("Lawyer’s copy: {date}, {n} changes since").format(date=fmt_date(last), n=changed)
                  if last else _("No lawyer’s copy yet: {n} documents not exported").format(n=changed))
        widget = self.query_one("#lawyer", Static)
        widget.update(lawyer + ("\n" + _("Press e to update it") if changed else ""))
        widget.set_class(bool(changed), "warn")
        self._fill_matrix(report)
        self._fill_gaps(report)

    def _fill_matrix(self, report: Any) -> None:
        table = self.query_one("#matrix", DataTable)
        scenario = scenario_cell(report)
        table.clear(columns=True)  # the scenario column comes and goes with the profile choice
        table.add_column(_("Condition"), width=30)  # "Заболевание ещё не добавлено" fits
        for element in ELEMENTS:
            table.add_column(element_label(element), width=24)
        extra: list[Any] = []
        if scenario is not None:
            table.add_column(_("Scenario"), width=20)
            extra = [Text(cell_text(scenario), style=_STATUS_STYLE[scenario.status])]
        rows = evidence_matrix(report)
        for row in rows:
            cells = [Text(cell_text(row.cells[e]), style=_STATUS_STYLE[row.cells[e].status]) for e in ELEMENTS]
            table.add_row(row.title, *cells, *extra, key=str(row.condition_id))
        if not rows:
            table.add_row(_("No condition yet"), "", "", "", *extra)

    def _fill_gaps(self, report: Any) -> None:
        box = self.query_one("#gaps", VerticalScroll)
        box.remove_children()
        gaps = sorted(report.gaps, key=lambda g: g.sort_key())
        widgets = []
        for gap in gaps:
            due = f"  [{_('due')} {fmt_date(gap.due)}]" if gap.due else ""
            head = f"{_(SEVERITY_LABEL[gap.severity]).upper()} {gap.code}: {pick(gap.message_ru, gap.message_en)}{due}"
            body = f"  → {pick(gap.fix_ru, gap.fix_en)}  ({_('source')}: {gap_source(gap)})"
            # markup=False: a source such as [S000] is text, not a Rich markup tag
            widgets.append(Static(f"{head}\n{body}", classes=f"gap gap-{gap.severity}", markup=False))
        if not widgets:
            widgets.append(Static(_("No gaps found."), classes="gap"))
        box.mount_all(widgets)
        self.query_one("#deadlines", Static).update(deadline_text(report))


_STATUS_STYLE = {"ok": "green", "weak": "yellow", "missing": "red"}
