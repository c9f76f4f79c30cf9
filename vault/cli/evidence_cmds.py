"""Evidence commands: condition, link/unlink, summons, letter, board, gaps."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from vault.cli.common import emit, needs_vault, parse_assignments, unlocked
from vault.cli.stdin_values import (
    assignments_or_stdin,
    fields_stdin_option,
    link_values,
    no_argv_values,
    require_argv,
    secret_and_fields,
)
from vault.errors import InvalidInput


def _table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "none"
    return "\n".join("  ".join(f"{k}={v}" for k, v in r.items() if v not in (None, "", [])) for r in rows)


def _opts(**values: Any) -> dict[str, str]:
    """CLI options given (not None) as the string map the validators take."""
    return {k: str(v) for k, v in values.items() if v is not None}


@click.group()
def condition() -> None:
    """Conditions (diagnoses) you pursue: ICD-10 code + Schedule of Diseases article."""


@condition.command("add")
@needs_vault
@click.option("--icd10", default=None)
@click.option("--article", default=None)
@click.option("--subitem", default=None)
@click.option("--primary", is_flag=True)
@click.option("--notes", default=None)
@fields_stdin_option
@click.pass_context
def condition_add(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
                  icd10: str | None, article: str | None, subitem: str | None, primary: bool,
                  notes: str | None, fields_stdin: bool) -> None:
    """Add a condition: --icd10 and --article are required (or fields icd10, article,
    subitem, primary, notes with --fields-stdin)."""
    from vault.records.conditions import CONDITION_FIELDS, add_condition, validate

    values = _opts(icd10=icd10, article=article, subitem=subitem, notes=notes,
                   primary="yes" if primary else None)
    secret = None
    if fields_stdin:
        no_argv_values(bool(values), "--fields-stdin")
        secret, values = secret_and_fields(passphrase_stdin)
    else:
        require_argv(icd10 is not None, "--icd10")
        require_argv(article is not None, "--article")
    validate(CONDITION_FIELDS, values)
    with unlocked(ctx, vault_dir, passphrase_stdin, secret) as vault:
        row = add_condition(vault, values)
    emit(as_json, row, f"condition {row['id']} added")


@condition.command("list")
@needs_vault
@click.pass_context
def condition_list(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool) -> None:
    from vault.records.conditions import list_conditions

    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        rows = list_conditions(vault)
    emit(as_json, rows, lambda: _table(rows))


@condition.command("set")
@needs_vault
@click.argument("cond_id", type=int)
@click.argument("assignments", nargs=-1)
@fields_stdin_option
@click.pass_context
def condition_set(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
                  cond_id: int, assignments: tuple[str, ...], fields_stdin: bool) -> None:
    """Set fields: icd10 article subitem primary notes (as field=value, or --fields-stdin)."""
    from vault.records.conditions import CONDITION_FIELDS, set_condition, validate

    secret, values = assignments_or_stdin(assignments, fields_stdin, passphrase_stdin)
    validate(CONDITION_FIELDS, values)
    with unlocked(ctx, vault_dir, passphrase_stdin, secret) as vault:
        row = set_condition(vault, cond_id, values)
    emit(as_json, row, f"condition {cond_id} updated")


def _link_command(name: str, remove: bool) -> click.Command:
    @click.command(name)
    @needs_vault
    @click.argument("doc_id", type=int, required=False)
    @click.option("--condition", "cond_id", type=int, default=None)
    @click.option("--element", type=click.Choice(["history", "current", "dispensary"]), default=None)
    @fields_stdin_option
    @click.pass_context
    def command(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
                doc_id: int | None, cond_id: int | None, element: str | None,
                fields_stdin: bool) -> None:
        from vault.records.conditions import link

        secret = None
        if fields_stdin:
            no_argv_values(any(v is not None for v in (doc_id, cond_id, element)), "--fields-stdin")
            secret, values = secret_and_fields(passphrase_stdin)
            doc_id, cond_id, element = link_values(values)
        else:
            require_argv(doc_id is not None, "DOC_ID")
            require_argv(cond_id is not None, "--condition")
            require_argv(element is not None, "--element")
        assert doc_id is not None and cond_id is not None and element is not None
        with unlocked(ctx, vault_dir, passphrase_stdin, secret) as vault:
            link(vault, doc_id, cond_id, element, remove=remove)
        data = {"document_id": doc_id, "condition_id": cond_id, "element": element,
                "linked": not remove}
        emit(as_json, data, f"document {doc_id} {'unlinked from' if remove else 'linked to'} "
                            f"condition {cond_id} as {element}")

    command.help = ("Remove the link between a document and a condition's element." if remove
                    else "Link a document to a condition as history, current or dispensary evidence.")
    return command


@click.group()
def summons() -> None:
    """Summonses from the enlistment office."""


@summons.command("add")
@needs_vault
@click.option("--appear-on", default=None)
@click.option("--received", default=None)
@click.option("--placed", default=None)
@click.option("--channel", type=click.Choice(["paper", "mail", "registry"]), default=None)
@click.option("--purpose", type=click.Choice(["records", "medical", "board", "dispatch"]), default=None)
@click.option("--attended", type=click.Choice(["yes", "no"]), default=None)
@click.option("--covered-by", "covered_by", default=None, help="Document ids, comma-separated.")
@click.option("--notes", default=None)
@fields_stdin_option
@click.pass_context
def summons_add(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
                appear_on: str | None, received: str | None, placed: str | None, channel: str | None,
                purpose: str | None, attended: str | None, covered_by: str | None,
                notes: str | None, fields_stdin: bool) -> None:
    """Add a summons: --appear-on is required (fields appear_on received placed channel
    purpose attended notes covered_by with --fields-stdin)."""
    from vault.records.conditions import SUMMONS_FIELDS, validate
    from vault.records.events import add_summons

    values = _opts(appear_on=appear_on, received=received, placed=placed, channel=channel,
                   purpose=purpose, attended=attended, notes=notes, covered_by=covered_by)
    secret = None
    if fields_stdin:
        no_argv_values(bool(values), "--fields-stdin")
        secret, values = secret_and_fields(passphrase_stdin)
    else:
        require_argv(appear_on is not None, "--appear-on")
    covering = _ids(values.pop("covered_by", None))
    validate(SUMMONS_FIELDS, values)
    with unlocked(ctx, vault_dir, passphrase_stdin, secret) as vault:
        row = add_summons(vault, values, covering)
    emit(as_json, row, f"summons {row['id']} added")


def _ids(text: str | None) -> tuple[int, ...]:
    if not text:
        return ()
    try:
        return tuple(int(p) for p in text.split(",") if p.strip())
    except ValueError:
        raise InvalidInput(f"expected comma-separated ids, got '{text}'") from None


@summons.command("list")
@needs_vault
@click.pass_context
def summons_list(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool) -> None:
    from vault.records.events import list_summonses

    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        rows = list_summonses(vault)
    emit(as_json, rows, lambda: _table(rows))


@summons.command("set")
@needs_vault
@click.argument("summons_id", type=int)
@click.argument("assignments", nargs=-1)
@fields_stdin_option
@click.pass_context
def summons_set(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
                summons_id: int, assignments: tuple[str, ...], fields_stdin: bool) -> None:
    """Set fields: appear_on received placed channel purpose attended notes covered_by
    cabinet address issuer signed sealed extract followup."""
    from vault.records.conditions import SUMMONS_FIELDS, validate
    from vault.records.events import set_summons

    secret, values = assignments_or_stdin(assignments, fields_stdin, passphrase_stdin)
    covering = _ids(values.pop("covered_by", None))
    validate(SUMMONS_FIELDS, values)
    with unlocked(ctx, vault_dir, passphrase_stdin, secret) as vault:
        row = set_summons(vault, summons_id, values, covering)
    emit(as_json, row, f"summons {summons_id} updated")


@click.group()
def letter() -> None:
    """Letters you sent to the enlistment office."""


@letter.command("add")
@needs_vault
@click.option("--purpose", type=click.Choice(["ags", "medical", "valid-reason", "complaint", "other",
                                              "deregister", "register"]), default=None)
@click.option("--sent", default=None)
@click.option("--tracking", default=None)
@click.option("--receipt", default=None, help="Document id of the postal receipt.")
@click.option("--notice", default=None, help="Document id of the delivery notice (f. 119).")
@click.option("--document", default=None, help="Document id of the letter itself.")
@click.option("--delivered", default=None)
@click.option("--status", type=click.Choice(["sent", "delivered", "returned", "expired"]), default=None)
@click.option("--ags-period", default=None, help="Target dispatch period, e.g. 2027-spring.")
@click.option("--summons", default=None, help="Summons id this letter answers.")
@click.option("--text", default=None, help="Letter text (for the privacy check).")
@click.option("--encloses", default=None, help="Document ids sent with it, comma-separated.")
@click.option("--attachments", default=None, help="AGS: autobiography,reference,witnesses.")
@fields_stdin_option
@click.pass_context
def letter_add(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
               fields_stdin: bool, **fields: str | None) -> None:
    """Add a letter: --purpose and --sent are required (or the same fields with --fields-stdin)."""
    from vault.records.conditions import LETTER_FIELDS, validate
    from vault.records.events import add_letter

    values = _opts(**fields)
    secret = None
    if fields_stdin:
        no_argv_values(bool(values), "--fields-stdin")
        secret, values = secret_and_fields(passphrase_stdin)
    else:
        require_argv(fields.get("purpose") is not None, "--purpose")
        require_argv(fields.get("sent") is not None, "--sent")
    validate(LETTER_FIELDS, values)
    with unlocked(ctx, vault_dir, passphrase_stdin, secret) as vault:
        row = add_letter(vault, values)
    emit(as_json, row, f"letter {row['id']} added")


@letter.command("list")
@needs_vault
@click.pass_context
def letter_list(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool) -> None:
    from vault.records.events import list_letters

    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        rows = list_letters(vault)
    emit(as_json, rows, lambda: _table(rows))


@letter.command("set")
@needs_vault
@click.argument("letter_id", type=int)
@click.argument("assignments", nargs=-1)
@fields_stdin_option
@click.pass_context
def letter_set(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
               letter_id: int, assignments: tuple[str, ...], fields_stdin: bool) -> None:
    """Set fields: purpose sent tracking receipt notice document delivered status text ags_period summons notes
    valued contents answered hearing refused attachments encloses."""
    from vault.records.conditions import LETTER_FIELDS, validate
    from vault.records.events import set_letter

    secret, values = assignments_or_stdin(assignments, fields_stdin, passphrase_stdin)
    validate(LETTER_FIELDS, values)
    with unlocked(ctx, vault_dir, passphrase_stdin, secret) as vault:
        row = set_letter(vault, letter_id, values)
    emit(as_json, row, f"letter {letter_id} updated")


@click.group()
def board() -> None:
    """Medical board dates."""


@board.command("set")
@needs_vault
@click.argument("on")
@click.argument("assignments", nargs=-1)
@click.option("--decision", default=None, help="The board's decision, e.g. 'deferral'.")
@click.option("--category", default=None, help="Fitness category: А, Б (Б-3…), В, Г, Д.")
@click.option("--decided", default=None, help="Decision date (default: the board date).")
@click.option("--referred", type=click.Choice(["yes", "no"]), default=None,
              help="The board referred you for examination.")
@click.pass_context
def board_set(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
              on: str, assignments: tuple[str, ...], **options: str | None) -> None:
    """Add a board date, or record its decision: category=Г decided=DATE referred=yes."""
    from vault.records.events import board_values, set_board_date
    from vault.records.values import parse_date

    parse_date(on, "board date")
    values = {**parse_assignments(assignments), **_opts(**options)}
    board_values(values)
    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        row = set_board_date(vault, on, **values)
    emit(as_json, row, f"board date set: {row['on']}")


@click.command()
@needs_vault
@click.option("--as-of", default=None, help="Compute as if today were this date.")
@click.option("--lang", type=click.Choice(["ru", "en"]), default=None)
@click.pass_context
def gaps(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
         as_of: str | None, lang: str | None) -> None:
    """Gaps in the evidence before the board date, grouped by severity."""
    from vault.records.report import compute_report, render_text
    from vault.records.values import parse_date

    today = parse_date(as_of, "as-of") if as_of else date.today()
    assert today is not None
    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        report = compute_report(vault, today)
    emit(as_json, [g.to_json() for g in report.gaps],
         lambda: render_text(report, lang or _lang()))


def _lang() -> str:
    import os

    value = os.environ.get("SPRAVKA_LANG") or os.environ.get("LC_ALL") or os.environ.get("LANG", "")
    return "ru" if value.lower().startswith("ru") else "en"


COMMANDS = [condition, _link_command("link", False), _link_command("unlink", True), summons, letter,
            board, gaps]
