"""What each palette entry does: open a form or screen; blocking reads and writes in thread workers.

Every function takes the app. Forms come from :mod:`tui.forms` (specs read off
the core), so fields the core adds show up here without changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tui.forms import ags_explained, doc_choice, field_label, specs_from_core
from tui.i18n import _, fmt_date, pick
from tui.model import element_label
from tui.widgets.form import FieldSpec, RecordForm

if TYPE_CHECKING:
    from tui.app import SpravkaApp

T = TypeVar("T")


def in_thread(app: SpravkaApp, load: Callable[[], T], then: Callable[[T], Any], what: str) -> None:
    """Run ``load`` in a worker, then ``then(result)`` on the UI thread; errors become a toast."""

    def job() -> None:
        try:
            value = load()
        except Exception as err:  # noqa: BLE001 - shown, never fatal
            app.call_from_thread(app.notify, f"{what}: {err}", severity="error", timeout=8)
            return
        app.call_from_thread(then, value)

    app.run_worker(job, thread=True, exit_on_error=False, group="actions", description=what)


def changed(app: SpravkaApp, message: str = "") -> None:
    """After a write: drop cached views and refresh the screen underneath."""
    for key in ("report", "docs"):
        app.cache.pop(key, None)
    for name in ("action_refresh", "reload", "load"):
        refresh = getattr(app.screen, name, None)
        if callable(refresh):
            refresh()
            break
    app.notify(message or _("Saved."))


def _form(app: SpravkaApp, title: str, specs: list[FieldSpec], save: Callable[[dict[str, Any]], Any],
          *, initial: dict[str, Any] | None = None, note: str = "", done: str = "") -> None:
    def saved(result: Any) -> None:
        if result is not None:
            changed(app, done)

    app.push_screen(RecordForm(title, specs, initial, on_save=save, note=note), callback=saved)


def _docs_and_more(app: SpravkaApp) -> dict[str, Any]:
    from vault.records.conditions import list_conditions
    from vault.records.documents import list_rows
    from vault.records.events import list_summonses

    vault = app.vault
    return {"docs": list_rows(vault), "conditions": list_conditions(vault), "summonses": list_summonses(vault)}


def _clean(values: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in values.items() if v not in ("", None, [])}


# ----------------------------------------------------------------- records
def _initial(record: dict[str, Any] | None) -> dict[str, Any]:
    """A stored record as form values: references as strings, booleans as yes/no."""
    out: dict[str, Any] = {}
    for key, value in (record or {}).items():
        out[key] = ("yes" if value else "no") if isinstance(value, bool) else \
            (str(value) if isinstance(value, int) and key != "id" else value)
    if record and "covering_document_ids" in record:
        out["covering"] = [str(i) for i in record["covering_document_ids"]]
    return out


def add_summons(app: SpravkaApp, existing: dict[str, Any] | None = None) -> None:
    from vault.records.conditions import SUMMONS_FIELDS

    def show(data: dict[str, Any]) -> None:
        specs = specs_from_core(SUMMONS_FIELDS, required=("appear_on",))
        specs.append(FieldSpec("covering", field_label("covering"), "docs",
                               tuple((doc_choice(d), str(d["id"])) for d in data["docs"])))

        def save(values: dict[str, Any]) -> Any:
            from vault.records import events

            covering = tuple(int(x) for x in values.pop("covering", []))
            if existing is None:
                return events.add_summons(app.vault, _clean(values), covering=covering)
            return events.set_summons(app.vault, existing["id"], {k: str(v) for k, v in values.items()},
                                      covering=covering)

        title = _("New summons") if existing is None else _("Summons #{id}").format(id=existing["id"])
        _form(app, title, specs, save, initial=_initial(existing))

    in_thread(app, lambda: _docs_and_more(app), show, _("Summons"))


def add_letter(app: SpravkaApp, existing: dict[str, Any] | None = None) -> None:
    from vault.records.conditions import LETTER_FIELDS

    def show(data: dict[str, Any]) -> None:
        specs = specs_from_core(LETTER_FIELDS, required=("purpose", "sent"), docs=data["docs"],
                                summonses=data["summonses"])

        def save(values: dict[str, Any]) -> Any:
            from vault.records import events

            if existing is None:
                return events.add_letter(app.vault, _clean(values))
            keep = {k: str(v) for k, v in values.items() if v != "" or k not in ("purpose", "sent", "status")}
            return events.set_letter(app.vault, existing["id"], keep)

        title = _("New letter") if existing is None else _("Letter #{id}").format(id=existing["id"])
        _form(app, title, specs, save, note=ags_explained(), initial=_initial(existing))

    in_thread(app, lambda: _docs_and_more(app), show, _("Letter"))


def set_board_date(app: SpravkaApp) -> None:
    def save(values: dict[str, Any]) -> Any:
        from vault.records.events import set_board_date as set_date

        return set_date(app.vault, values["on"])

    _form(app, _("Board date"), [FieldSpec("on", field_label("on"), "date", required=True)], save)


def ags_periods(today: Any) -> list[str]:
    """The next four dispatch periods, soonest first (``2027-spring``)."""
    from tui.model import rules

    windows = rules().periods.dispatch
    out = []
    for year in (today.year, today.year + 1, today.year + 2):
        for season, ((month, day), _end) in sorted(windows.items(), key=lambda kv: kv[1][0]):
            if (year, month, day) > (today.year, today.month, today.day):
                out.append(f"{year}-{season}")
    return out[:4]


def period_label(period: str) -> str:
    year, _sep, season = period.partition("-")
    return {"spring": _("spring {year} (1 April – 15 July)"),
            "autumn": _("autumn {year} (1 October – 31 December)")}.get(season, period).format(year=year)


def set_ags_period(app: SpravkaApp) -> None:
    choices = tuple((period_label(p), p) for p in ags_periods(app.today()))
    spec = FieldSpec("ags_target_period", _("AGS dispatch period"), "choice", choices, required=True)

    def save(values: dict[str, Any]) -> Any:
        from vault.records.profile import set_evidence_settings

        return set_evidence_settings(app.vault, values)

    _form(app, _("AGS period"), [spec], save, note=ags_explained())


def edit_profile(app: SpravkaApp) -> None:
    def show(initial: dict[str, Any]) -> None:
        def save(values: dict[str, Any]) -> Any:
            from vault.records.profile import set_profile

            return set_profile(app.vault, {k: str(v) for k, v in values.items()})

        from tui.screens.scenario import privacy_note

        _form(app, _("Profile"), specs_from_core(None), save, initial=_initial(initial), note=privacy_note())

    def load() -> dict[str, Any]:
        from vault.records.profile import get_profile

        return get_profile(app.vault)

    in_thread(app, load, show, _("Profile"))


def link_document(app: SpravkaApp, document_id: int | None = None) -> None:
    def show(data: dict[str, Any]) -> None:
        if not data["conditions"]:
            app.notify(_("Add a condition first (Ctrl+P → Add condition)."), severity="warning")
            return
        specs = [
            FieldSpec("document", _("Document"), "choice",
                      tuple((doc_choice(d), str(d["id"])) for d in data["docs"]), required=True),
            FieldSpec("condition", _("Condition"), "choice", tuple(
                (f"{c['icd10']} · {_('art.')} {c['article']}{c['subitem'] or ''}", str(c["id"]))
                for c in data["conditions"]), required=True),
            FieldSpec("element", _("Evidence element"), "choice",
                      tuple((element_label(e), e) for e in ("history", "current", "dispensary")), required=True),
            FieldSpec("remove", _("Remove this link instead"), "check"),
        ]
        initial = {"document": str(document_id) if document_id else None,
                   "condition": str(data["conditions"][0]["id"]) if len(data["conditions"]) == 1 else None}

        def save(values: dict[str, Any]) -> Any:
            from vault.records.conditions import link

            link(app.vault, int(values["document"]), int(values["condition"]), values["element"],
                 remove=bool(values["remove"]))
            return values

        _form(app, _("Link document"), specs, save, initial=initial)

    in_thread(app, lambda: _docs_and_more(app), show, _("Link"))


# ------------------------------------------------------------------- keys
def _passwords(*names: str) -> list[FieldSpec]:
    return [FieldSpec(f"p{i}", name, "password", required=True) for i, name in enumerate(names)]


def change_passphrase(app: SpravkaApp) -> None:
    def save(values: dict[str, Any]) -> Any:
        _same_and_long(values["p1"], values["p2"])
        app.vault.change_passphrase(values["p0"], values["p1"])
        return True

    _form(app, _("Change passphrase"), _passwords(_("Current passphrase"), _("New passphrase"),
                                                  _("New passphrase again")), save,
          done=_("Passphrase changed."))


def _same_and_long(first: str, second: str) -> None:
    from vault.errors import InvalidInput

    if first != second or len(first) < 8:
        raise InvalidInput(_("The passphrases differ or are shorter than 8 characters."))


def set_duress(app: SpravkaApp) -> None:
    def save(values: dict[str, Any]) -> Any:
        _same_and_long(values["p0"], values["p1"])
        app.vault.set_duress(values["p0"])
        return True

    _form(app, _("Set duress passphrase"), _passwords(_("Duress passphrase"), _("Again")), save,
          note=_("Typing it at unlock destroys this vault and opens an empty one."),
          done=_("Duress passphrase set."))


def new_recovery_key(app: SpravkaApp) -> None:
    from tui.widgets.dialogs import ConfirmDialog, SecretShownOnce

    def shown(key: str) -> None:
        app.push_screen(SecretShownOnce(_("Your new recovery key"), key,
                                        _("Write it on paper now. The old key no longer opens this vault's key file; a "
                                          "copy of the key file made earlier (a backup, a disk image) still opens with "
                                          "it until you re-key.")))

    def confirmed(ok: bool | None) -> None:
        if ok:
            in_thread(app, lambda: app.vault.new_recovery_key(), shown, _("New recovery key"))

    app.push_screen(ConfirmDialog(_("Make a new recovery key? The old one stops opening "
                                  "this key file (earlier copies: re-key)."), _("New key")),
                    callback=confirmed)


# ---------------------------------------------------------- backup/restore
def back_up(app: SpravkaApp) -> None:
    default = str(Path.home() / f"spravka-{app.today():%Y%m%d}.bak")

    def save(values: dict[str, Any]) -> Any:
        from vault.backup.create import create_backup

        return create_backup(app.vault, Path(values["out"]).expanduser())

    _form(app, _("Back up vault"), [FieldSpec("out", _("Save the backup to"), required=True)], save,
          initial={"out": default}, done=_("Backup written."),
          note=_("The backup is encrypted with the vault’s keys: the same passphrase opens it."))


def restore(app: SpravkaApp) -> None:
    specs = [FieldSpec("file", _("Backup file"), required=True),
             FieldSpec("target", _("Restore into this new folder"), required=True),
             FieldSpec("secret", _("Passphrase or recovery key of the backup"), "password", required=True)]

    def save(values: dict[str, Any]) -> Any:
        from vault.backup.restore import restore_backup

        return restore_backup(Path(values["file"]).expanduser(), Path(values["target"]).expanduser(),
                              values["secret"])

    def saved(result: Any) -> None:
        if result is not None:
            app.notify(_("Restored. Start Spravka with --vault on that folder to open it."), timeout=10)

    app.push_screen(RecordForm(_("Restore from backup"), specs, on_save=save,
                               note=_("Your current vault is not touched.")), callback=saved)


# ------------------------------------------------------------- language
def choose_language(app: SpravkaApp) -> None:
    spec = FieldSpec("language", _("Language"), "choice", (("Русский", "ru"), ("English", "en")), required=True)

    def chosen(values: dict[str, Any] | None) -> None:
        if values:
            app.apply_language(values["language"])

    from tui.i18n import language

    app.push_screen(RecordForm(_("Language"), [spec], {"language": language()}), callback=chosen)


def gap_source(gap: Any) -> str:
    """The guidance a gap follows, in words; never an empty ``(source: )``."""
    return gap.source or _("product default")


def deadline_rows(report: Any) -> list[tuple[date, str]]:
    """Dated gaps plus the summonses still to appear on, soonest first."""
    today = report.today
    rows = [(g.due, pick(g.message_ru, g.message_en)) for g in report.gaps if g.due]
    rows += [(s.appear_on, _("Appear at the enlistment office (summons #{id})").format(id=s.id))
             for s in report.snapshot.summonses if s.appear_on >= today]
    return sorted(rows, key=lambda r: r[0])


def deadline_text(report: Any) -> str:
    lines = [f"{fmt_date(day)} ({_('in {n} days').format(n=(day - report.today).days)}) — {text}"
             for day, text in deadline_rows(report)]
    return "\n".join(lines) or _("No open deadlines.")
