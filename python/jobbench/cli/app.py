"""The ``jobbench`` typer app: the app, its global options, and how every command reports errors.

The commands live in the modules beside this one (:mod:`.benchmark`, :mod:`.report`, :mod:`.staff`,
:mod:`.register`, :mod:`.init`); :mod:`jobbench.cli` imports them, which adds them to :data:`app`.

Global options: ``--debug`` (tracebacks) and ``--quiet`` (no progress, only results and errors) work
before or after the subcommand; ``--version`` prints the version.
"""
from __future__ import annotations

import functools
from contextlib import contextmanager
from typing import Any, Callable, Iterator, List, Optional

import click
import typer
from rich.console import Console
from typer.core import TyperGroup

_state = {"debug": False, "quiet": False}
_GLOBAL_FLAGS = {"--debug": "debug", "--quiet": "quiet", "-q": "quiet"}


class _Group(TyperGroup):
    """Reads the global flags wherever they stand (up to a ``--``), so ``jobbench run --debug`` works too."""

    def parse_args(self, ctx: click.Context, args: List[str]) -> List[str]:
        _state.update(debug=False, quiet=False)  # each invocation starts afresh (tests invoke twice)
        kept: List[str] = []
        for k, arg in enumerate(args):
            if arg == "--":
                kept.extend(args[k:])
                break
            if arg in _GLOBAL_FLAGS:
                _state[_GLOBAL_FLAGS[arg]] = True
            else:
                kept.append(arg)
        return super().parse_args(ctx, kept)


app = typer.Typer(cls=_Group, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Benchmark Danish job centres: productivity (FTE per 1,000 person-years) and quality.")


def _console(stderr: bool = False, width: Optional[int] = None) -> Console:
    """A console; ``width`` widens it (when the output is not a terminal rich assumes 80 columns)."""
    console = Console(stderr=stderr, soft_wrap=True, highlight=False)
    if width is not None and console.width < width:
        console = Console(stderr=stderr, soft_wrap=True, highlight=False, width=width)
    return console


@contextmanager
def _progress(title: str) -> Iterator[Callable[[str], None]]:
    """A status line on stderr that callers update with each step; silent with ``--quiet``.

    Yields the callback that library functions take as ``progress=``.
    """
    if _state["quiet"]:
        yield lambda step: None
        return
    console = _console(stderr=True)
    with console.status(title) as status:
        def update(step: str) -> None:
            status.update(f"{title}: {step}")
        yield update


def _info(message: str, console: Optional[Console] = None) -> None:
    """A progress or bookkeeping line (not a result): suppressed by ``--quiet``."""
    if not _state["quiet"]:
        (console or _console()).print(message, markup=False)


def _guard(func: Callable[..., Any]) -> Callable[..., Any]:
    """Errors become one readable line on stderr and exit code 1; ``--debug`` shows the traceback."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except BrokenPipeError:  # `jobbench tables 4.2 --format csv | head`: the reader has all it wants
            import os
            import sys

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(code=0) from None
        except Exception as exc:  # noqa: BLE001 - the command line reports every error the same way
            if _state["debug"]:
                raise
            message = " ".join(str(exc).split()) or type(exc).__name__
            _console(stderr=True).print(f"error: {message}", markup=False)
            raise typer.Exit(code=1) from None
    return wrapper


def _print_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"jobbench {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors (any position)."),
    quiet: bool = typer.Option(False, "--quiet", "-q",
                               help="No progress or bookkeeping lines: only results and errors (any position)."),
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """jobbench command line."""
    del debug, quiet, version  # read by _Group.parse_args wherever they stood
