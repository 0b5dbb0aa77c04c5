"""The ``jobbench`` typer app: the app, its ``--debug`` option, and how every command reports errors.

The commands live in the modules beside this one (:mod:`.benchmark`, :mod:`.report`, :mod:`.staff`,
:mod:`.register`); :mod:`jobbench.cli` imports them, which adds them to :data:`app`.
"""
from __future__ import annotations

import functools
from typing import Any, Callable, Optional

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Benchmark Danish job centres: productivity (FTE per 1,000 person-years) and quality.")

_state = {"debug": False}


def _console(stderr: bool = False, width: Optional[int] = None) -> Console:
    """A console; ``width`` widens it (when the output is not a terminal rich assumes 80 columns)."""
    console = Console(stderr=stderr, soft_wrap=True, highlight=False)
    if width is not None and console.width < width:
        console = Console(stderr=stderr, soft_wrap=True, highlight=False, width=width)
    return console


def _guard(func: Callable[..., Any]) -> Callable[..., Any]:
    """Errors become one readable line on stderr and exit code 1; ``--debug`` shows the traceback."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the command line reports every error the same way
            if _state["debug"]:
                raise
            message = " ".join(str(exc).split()) or type(exc).__name__
            _console(stderr=True).print(f"error: {message}", markup=False)
            raise typer.Exit(code=1) from None
    return wrapper


@app.callback()
def main(debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors.")) -> None:
    """jobbench command line."""
    _state["debug"] = debug
