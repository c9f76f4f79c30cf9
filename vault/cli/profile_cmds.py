"""Profile (name, birth date) and evidence settings (thresholds, AGS period, edition)."""

from __future__ import annotations

from pathlib import Path

import click

from vault.cli.common import emit, needs_vault, parse_assignments, unlocked


@click.group()
def profile() -> None:
    """Your name and birth date (checked against documents; never leaves the vault
    unless you choose --include-person on export)."""


@profile.command("set")
@needs_vault
@click.argument("assignments", nargs=-1, required=True)
@click.pass_context
def profile_set(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
                assignments: tuple[str, ...]) -> None:
    """Set name=... birth_date=YYYY-MM-DD file_lacks_records=yes|no student=yes|no, and the opt-in
    gender_scenario=none|amab-female-marker|afab-male-marker|f64 with marker_changed_on=DATE
    (never inferred from documents; left out of exports unless you tick it)."""
    from vault.records.profile import profile_values, set_profile

    values = parse_assignments(assignments)
    profile_values(values)
    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
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
@click.argument("assignments", nargs=-1, required=True)
@click.pass_context
def settings_set(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
                 assignments: tuple[str, ...]) -> None:
    from vault.records.profile import set_evidence_settings

    values = parse_assignments(assignments)
    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
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
