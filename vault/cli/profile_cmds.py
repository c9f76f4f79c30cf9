"""Profile (name, birth date) and evidence settings (thresholds, AGS period, edition)."""

from __future__ import annotations

from pathlib import Path

import click

from vault.cli.common import emit, needs_vault, unlocked
from vault.cli.stdin_values import assignments_or_stdin, fields_stdin_option


@click.group()
def profile() -> None:
    """Your name and birth date (checked against documents; never leaves the vault
    unless you choose --include-person on export)."""


@profile.command("set")
@needs_vault
@click.argument("assignments", nargs=-1)
@fields_stdin_option
@click.pass_context
def profile_set(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
                assignments: tuple[str, ...], fields_stdin: bool) -> None:
    """Set name=... birth_date=YYYY-MM-DD file_lacks_records=yes|no student=yes|no, and the opt-in
    gender_scenario=none|amab-female-marker|afab-male-marker|f64 with marker_changed_on=DATE
    (never inferred from documents; left out of exports unless you tick it). Or --fields-stdin."""
    from vault.records.profile import profile_values, set_profile

    secret, values = assignments_or_stdin(assignments, fields_stdin, passphrase_stdin)
    profile_values(values)
    with unlocked(ctx, vault_dir, passphrase_stdin, secret) as vault:
        data = set_profile(vault, values)
    emit(as_json, data, "profile updated")


@profile.command("show")
@needs_vault
@click.pass_context
def profile_show(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool) -> None:
    from vault.records.profile import get_profile

    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        data = get_profile(vault)
    emit(as_json, data, lambda: "\n".join(f"{k}: {v}" for k, v in data.items()))


@click.group()
def settings() -> None:
    """Evidence settings: history_min_months, stale_warning_days, observation_max_gap_months,
    ags_target_period (e.g. 2027-spring), schedule_edition."""


@settings.command("set")
@needs_vault
@click.argument("assignments", nargs=-1)
@fields_stdin_option
@click.pass_context
def settings_set(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
                 assignments: tuple[str, ...], fields_stdin: bool) -> None:
    from vault.records.profile import set_evidence_settings

    secret, values = assignments_or_stdin(assignments, fields_stdin, passphrase_stdin)
    with unlocked(ctx, vault_dir, passphrase_stdin, secret) as vault:
        data = set_evidence_settings(vault, values)
    emit(as_json, data, "settings updated")


@settings.command("show")
@needs_vault
@click.pass_context
def settings_show(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool) -> None:
    from vault.records.profile import get_evidence_settings

    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        data = get_evidence_settings(vault)
    emit(as_json, data, lambda: "\n".join(f"{k}: {v}" for k, v in data.items()))


COMMANDS = [profile, settings]
