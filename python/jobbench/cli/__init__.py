"""The ``jobbench`` command line (typer + rich); the library never imports this package.

    jobbench run --municipality Varde --out out/     # 2013 benchmark, write tables, print a summary
    jobbench report -m Varde --out output/varde      # the municipality report
    jobbench template / import                       # staff time workbooks
    jobbench indicators panel.arrow                  # register indicators
    jobbench funnel / ranks                          # is a difference real? (docs/analysis.md)
    jobbench efficiency / what-if / malmquist        # frontier analysis (docs/analysis-dea.md)
    jobbench audit sample / template / import        # case audits (docs/audit.md)
    jobbench init mydata                             # input templates for your own data

:data:`app` is made in :mod:`.app`; importing the command modules adds their commands to it, in the
order ``jobbench --help`` lists them.
"""
from __future__ import annotations

from . import benchmark, report, staff, register, analysis, audit, init  # noqa: F401 - each adds its commands to the app
from .app import app

__all__ = ["app"]
