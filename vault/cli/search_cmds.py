"""Text commands: search, ocr, suggest.

``search`` and ``suggest`` read only the encrypted database; ``ocr`` pipes
rendered pages to Tesseract and stores the text there. Nothing is written to
disk besides the vault itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from vault.cli.common import emit, needs_vault, unlocked
from vault.cli.escape import safe
from vault.cli.stdin_values import no_argv_values, secret_and_query
from vault.errors import InvalidInput


@click.command("search")
@needs_vault
@click.argument("query", required=False)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@click.option("--query-stdin", is_flag=True,
              help="Read the query from standard input after the passphrase line.")
@click.pass_context
def search_cmd(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
               query: str | None, limit: int, query_stdin: bool) -> None:
    """Find documents by words in their text or fields (any inflection: "обострение"
    finds "обострения"; case and ё/е do not matter)."""
    from vault.records.text import fts_query, search_hits

    secret = None
    if query_stdin:
        no_argv_values(query is not None, "--query-stdin")
        secret, query = secret_and_query(passphrase_stdin)
    elif query is None:
        raise click.UsageError("Missing argument 'QUERY' (or use --query-stdin).")
    if not fts_query(query):
        raise InvalidInput("the query has no words to search for")
    with unlocked(ctx, vault_dir, passphrase_stdin, secret) as vault:
        hits = search_hits(vault, query, limit)
    emit(as_json, [h.to_json() for h in hits], lambda: "\n".join(
        f"{h.document_id:>5}  {h.kind:<22} {h.issued or '----------'}  {h.snippet}" for h in hits)
        or "no matches")


@click.command("ocr")
@needs_vault
@click.pass_context
def ocr_cmd(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool) -> None:
    """Recognise text in scans that have none yet (Tesseract, Russian + English, offline)."""
    from vault.reading.ocr import OcrProgress, ocr_pending, tesseract

    tesseract()  # say "unavailable" before asking for the passphrase
    show = sys.stderr.isatty()

    def progress(p: OcrProgress) -> None:
        if show:
            click.echo(f"\rOCR: document {p.index + 1}/{p.total}, page {p.page + 1}/{p.pages}  ",
                       nl=False, err=True)

    results = []
    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        for result in ocr_pending(vault, progress=progress):
            results.append(result)
            if not as_json:
                note = f": {result.reason}" if result.reason else ""
                click.echo(safe(f"{result.status:6} document {result.document_id} "
                                f"({result.ocr_pages} page(s) OCR'd, {result.chars} chars){note}"))
    if show:
        click.echo("", err=True)
    done = sum(1 for r in results if r.status != "failed")
    emit(as_json, [r.to_json() for r in results],
         f"{done} document(s) processed, {len(results) - done} failed" if results
         else "nothing to OCR: every document has text")


@click.command("suggest")
@needs_vault
@click.argument("doc_id", type=int)
@click.pass_context
def suggest_cmd(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
                doc_id: int) -> None:
    """Suggest field values from a document's text, each with the fragment it came from.

    Nothing is changed: apply a suggestion with `spravka doc set`."""
    from vault.evidence.rules import load_rules
    from vault.reading.suggestions import suggest_fields
    from vault.records.documents import get_row
    from vault.records.snapshots import read_snapshot
    from vault.records.text import get_text

    rules = load_rules()
    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        with vault.session() as s:
            get_row(s, doc_id)
            text = get_text(s, doc_id)
        primary = read_snapshot(vault).primary_condition()
    target = (primary.article, primary.subitem) if primary else None
    found = suggest_fields(text, rules, target=target)
    emit(as_json, [f.to_json() for f in found], lambda: "\n".join(
        f"{f.field:<12} {f.value:<28} {f.confidence:.1f}  {f.ref + ' ' if f.ref else ''}«{f.fragment}»"
        for f in found) or "no suggestions (no text yet? run `spravka ocr`)")


COMMANDS = [search_cmd, ocr_cmd, suggest_cmd]
