"""Lawyer export and its verification."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from vault.cli.common import PassphraseSource, emit, needs_vault, unlocked
from vault.errors import InvalidInput


@click.command()
@needs_vault
@click.option("--condition", "conditions", type=int, multiple=True, help="Condition id (repeatable).")
@click.option("--documents", default=None, help="Document ids, comma-separated.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "age"]), default="pdf", show_default=True)
@click.option("--recipient", default=None, help="The lawyer's age public key (age1...).")
@click.option("--include-originals", is_flag=True,
              help="Attach byte-exact originals (off by default: they may carry EXIF/GPS and "
                   "author metadata).")
@click.option("--show-names", is_flag=True, help="Show original file names in the bundle.")
@click.option("--include-person", is_flag=True, help="Put your name and birth date on the cover.")
@click.option("--include-scenario", is_flag=True,
              help="Name the opt-in scenario and its checks on the cover (default: only 'scenario checks: on').")
@click.option("--lang", type=click.Choice(["ru", "en"]), default="ru", show_default=True)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def export(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
           conditions: tuple[int, ...], documents: str | None, fmt: str, recipient: str | None,
           include_originals: bool, show_names: bool, include_person: bool, include_scenario: bool,
           lang: str, out: Path) -> None:
    """Encrypted bundle for your lawyer: a password-protected PDF, or an age archive."""
    from vault.export.lawyer import ExportRequest, run_export
    from vault.info import signing_fingerprint

    if recipient and fmt != "age":
        raise InvalidInput("--recipient is for --format age")
    try:
        doc_ids = tuple(int(p) for p in documents.split(",") if p.strip()) if documents else ()
    except ValueError:
        raise InvalidInput(f"--documents expects comma-separated ids, got '{documents}'") from None
    request = ExportRequest(out=out, fmt=fmt, condition_ids=conditions, document_ids=doc_ids,  # type: ignore[arg-type]
                            recipient=recipient, include_originals=include_originals,
                            show_names=show_names, include_person=include_person, lang=lang,  # type: ignore[arg-type]
                            include_scenario=include_scenario)
    show = not as_json and sys.stderr.isatty()
    if fmt == "pdf":  # fpdf2 loads while Argon2id runs (it releases the GIL)
        from vault.cli.warm import Background
        from vault.export.cover import preload

        Background(preload, name="export-preload")
    with unlocked(ctx, vault_dir, passphrase_stdin) as vault, \
            click.progressbar(length=100, label="Exporting", file=sys.stderr, hidden=not show) as bar:
        state = {"pct": 0}

        def progress(done: int, total: int) -> None:
            pct = int(done * 100 / total) if total else 100
            bar.update(pct - state["pct"])
            state["pct"] = pct

        result = run_export(vault, request, progress=progress)
        fp = signing_fingerprint(vault)
    data = {"path": str(result.path), "format": result.format, "password": result.password,
            "sha256": result.sha256, "document_ids": list(result.document_ids), "fingerprint": fp}
    lines = [f"Exported {len(result.document_ids)} document(s) to {result.path}",
             f"SHA-256: {result.sha256}",
             f"Signing-key fingerprint (tell your lawyer by phone, not with the file): {fp}"]
    if include_originals:
        lines.append("Originals are attached byte-exact: they may carry metadata such as "
                     "EXIF, GPS position, camera and author names.")
    if result.password:
        lines.append(f"Password (shown once, give it to your lawyer separately): {result.password}")
    emit(as_json, data, "\n".join(lines))


@click.command("verify-export")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--password-stdin", is_flag=True, help="Read the bundle password from stdin.")
@click.option("--identity", default=None, type=click.Path(exists=True, path_type=Path),
              help="age identity file (for archives made to a recipient).")
@click.option("--expect-fingerprint", "expected", default=None, metavar="FP",
              help="The vault's signing-key fingerprint your client told you (by phone): "
                   "any other signer fails with exit 11.")
@click.option("--json", "as_json", is_flag=True)
def verify_export_cmd(file: Path, password_stdin: bool, identity: Path | None, expected: str | None,
                      as_json: bool) -> None:
    """Check an export's signature and every document hash."""
    from vault.export.verify import verify_export

    password = None
    if identity is None:
        password = PassphraseSource(password_stdin).read("Bundle password")
    report = verify_export(file, password=password, identity=str(identity) if identity else None,
                           expected_fingerprint=expected)
    data = {"ok": True, "format": report.format, "fingerprint": report.fingerprint,
            "pinned": expected is not None,
            "generated_at": report.generated_at, "documents": report.documents,
            "files_checked": report.files_checked}
    verdict = (f"OK: signed by the expected vault key {report.fingerprint}; "
               if expected is not None else
               "OK, integrity only: the signature was checked against a key the bundle itself "
               "carries, so it proves the files were not changed after signing, not who signed "
               f"them. Compare this fingerprint with your client by phone: {report.fingerprint}; ")
    emit(as_json, data, verdict + f"{report.files_checked} file hash(es) verified for "
                                  f"{report.documents} document(s)")


COMMANDS = [export, verify_export_cmd]
