"""Every command ends here: its error becomes one line on stderr and the exit code
that names it (README, the scripting contract); users never see a traceback."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import NoReturn

import click

from vault.cli.escape import safe
from vault.errors import InvalidInput, VaultError

EXIT_USAGE = 2
EXIT_INTERNAL = 1


def guarded(run: Callable[[], object]) -> NoReturn:
    """Run a command and exit: its error as one line and the exit code that names it."""
    try:
        code = run()
        if isinstance(code, int) and code:
            sys.exit(code)
    except click.exceptions.Abort:  # "no" at a confirmation, Ctrl-C or EOF at a prompt
        from vault.errors import Cancelled

        click.echo("spravka: cancelled", err=True)
        sys.exit(Cancelled.exit_code)
    except click.ClickException as exc:
        click.echo(safe(f"spravka: {exc.format_message()}"), err=True)
        sys.exit(EXIT_USAGE if isinstance(exc, click.UsageError) else exc.exit_code)
    except VaultError as exc:
        click.echo(safe(f"spravka: {exc}"), err=True)
        sys.exit(exc.exit_code)
    except OverflowError:  # an id or number beyond SQLite's 64-bit integers: it names nothing
        click.echo("spravka: a number is out of range", err=True)
        sys.exit(InvalidInput.exit_code)
    except KeyboardInterrupt:
        click.echo("spravka: interrupted", err=True)
        sys.exit(130)
    except OSError as exc:
        from vault.fsutil import os_error

        err = os_error(exc, "reading or writing a file")
        click.echo(safe(f"spravka: {err}"), err=True)
        sys.exit(err.exit_code)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if os.environ.get("SPRAVKA_DEBUG"):
            raise
        click.echo(safe(f"spravka: internal error: {type(exc).__name__}: {exc}"), err=True)
        sys.exit(EXIT_INTERNAL)
    sys.exit(0)
