"""Document commands: import, docs, doc show|set."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from vault.cli.common import emit, needs_vault, unlocked
from vault.cli.escape import safe, safe_json
from vault.cli.stdin_values import (
    assignments_or_stdin,
    fields_stdin_option,
    no_argv_values,
    secret_and_paths,
)
from vault.errors import ImportRejected


@click.command("import")
@needs_vault
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--kind", default="other", help="Document kind id for every file.")
@click.option("--issued", default=None, help="Issued date YYYY-MM-DD for every file.")
@click.option("--remove-source", is_flag=True,
              help="After a verified commit, overwrite and delete each source file.")
@click.option("--paths-stdin", is_flag=True,
              help="Read the paths from standard input, one per line, after the passphrase line.")
@click.pass_context
def import_cmd(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
               paths: tuple[Path, ...], kind: str, issued: str | None, remove_source: bool,
               paths_stdin: bool) -> None:
    """Import scans (PDF, JPEG, PNG, HEIC, TIFF, WebP), files or whole folders."""
    from vault.importing.pipeline import ImportOptions, import_files, plan
    from vault.records.documents import normalise_fields
    from vault.records.values import parse_date

    normalise_fields({"kind": kind})
    secret = None
    if paths_stdin:
        no_argv_values(bool(paths), "--paths-stdin")
        secret, paths = secret_and_paths(passphrase_stdin)
    elif not paths:
        raise click.UsageError("Missing argument 'PATHS...' (or use --paths-stdin).")
    options = ImportOptions(kind=kind, issued=parse_date(issued, "issued") if issued else None,
                            remove_source=remove_source)
    work = plan(paths)
    results = []
    show = not as_json and sys.stderr.isatty()
    with unlocked(ctx, vault_dir, passphrase_stdin, secret) as vault:
        with click.progressbar(length=work.total, label="Importing", file=sys.stderr,
                               hidden=not show) as bar:
            for result in import_files(vault, work, options):
                results.append(result)
                bar.update(1)
                if not as_json:
                    note = f": {result.reason}" if result.reason else ""
                    click.echo(safe(f"{result.status:9} {result.path}{note}"))
    counts = {s: sum(1 for r in results if r.status == s) for s in ("imported", "duplicate", "rejected")}
    emit(as_json, [r.to_json() for r in results],
         f"{counts['imported']} imported, {counts['duplicate']} duplicate, {counts['rejected']} rejected")
    if counts["rejected"]:
        raise ImportRejected(f"{counts['rejected']} file(s) rejected")


@click.command("docs")
@needs_vault
@click.pass_context
def docs_cmd(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool) -> None:
    """List documents."""
    from vault.cli.warm import Background

    labels = Background(_kind_labels)  # the rule data is read while Argon2id runs
    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        from vault.records.documents import list_json, list_rows

        # --json: the same text as the plain path's (vault.cli.quick), built the same way
        text = list_json(vault, labels.result()) if as_json else None
        rows = [] if as_json else list_rows(vault, labels.result())
    if text is not None:
        click.echo(safe_json(text))
        return
    emit(False, rows, lambda: "\n".join(
        f"{r['id']:>5}  {r['kind']:<22} {r['issued'] or '----------'}  {r['title']}  {r['original_name']}"
        for r in rows) or "no documents")


@click.group("doc")
def doc_group() -> None:
    """Show or edit one document."""


@doc_group.command("show")
@needs_vault
@click.argument("doc_id", type=int)
@click.pass_context
def doc_show(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
             doc_id: int) -> None:
    """Show one document's fields."""
    from vault.records.documents import show

    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        data = show(vault, doc_id)
    emit(as_json, data, lambda: "\n".join(f"{k}: {v}" for k, v in data.items()))


@doc_group.command("set")
@needs_vault
@click.argument("doc_id", type=int)
@click.argument("assignments", nargs=-1)
@fields_stdin_option
@click.pass_context
def doc_set(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
            doc_id: int, assignments: tuple[str, ...], fields_stdin: bool) -> None:
    """Set fields: kind issued period_start period_end facility doctor specialty icd10
    diagnosis wording tracking notes form_no patient_name patient_dob has_stamp has_signature
    electronic e_signature ocr_confidence pages_expected original_held handed_in findings
    title (as field=value)."""
    from vault.records.documents import normalise_fields, set_fields, show

    secret, values = assignments_or_stdin(assignments, fields_stdin, passphrase_stdin)
    normalise_fields(values)  # fail before opening the vault
    with unlocked(ctx, vault_dir, passphrase_stdin, secret) as vault:
        set_fields(vault, doc_id, values)
        data = show(vault, doc_id)
    emit(as_json, data, f"document {doc_id} updated")


@doc_group.command("rotate")
@needs_vault
@click.argument("doc_id", type=int)
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True, help="Page number.")
@click.option("--degrees", type=click.Choice(["90", "180", "270"]), required=True,
              help="Clockwise; adds to any rotation already set.")
@click.pass_context
def doc_rotate(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
               doc_id: int, page: int, degrees: str) -> None:
    """Turn a page for viewing and export; the original and its hash stay unchanged."""
    from vault.records.titles import rotate

    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        turns = rotate(vault, doc_id, page - 1, int(degrees))
    emit(as_json, {"document_id": doc_id, "rotation": {str(p + 1): d for p, d in turns.items()}},
         f"document {doc_id} page {page}: {turns.get(page - 1, 0)}°")


@doc_group.command("delete")
@needs_vault
@click.argument("doc_id", type=int)
@click.option("--yes", is_flag=True, help="Required: confirms the deletion.")
@click.pass_context
def doc_delete(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
               doc_id: int, yes: bool) -> None:
    """Delete a document, its pages, text and links (audited; cannot be undone)."""
    from vault.records.removal import delete_document

    if not yes:
        raise click.UsageError("deleting cannot be undone: add --yes")
    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        gone = delete_document(vault, doc_id)
    emit(as_json, gone.to_json(), f"document {doc_id} deleted ({len(gone.conditions)} link(s), "
         f"{len(gone.summonses)} summons(es), {len(gone.letters)} letter(s) referred to it)")


def _kind_labels() -> Callable[[str], str]:
    import vault.records.documents  # noqa: F401 (loaded on this thread too: it overlaps the KDF)
    from vault.records.titles import kind_labels

    return kind_labels()


COMMANDS = [import_cmd, docs_cmd, doc_group]
