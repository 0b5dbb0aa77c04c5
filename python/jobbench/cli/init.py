"""``jobbench init``: a folder of input templates for one's own data."""
from __future__ import annotations

from pathlib import Path

import typer

from ..datasets import write_templates
from .app import _guard, _info, app


@app.command("init")
@_guard
def init(
    folder: Path = typer.Argument(..., help="Folder to create (must not hold input files yet)."),
    dataset: str = typer.Option("benchmark2013", "--dataset", help="Shipped data set to copy as the example."),
    force: bool = typer.Option(False, "--force", help="Overwrite input files already in the folder."),
) -> None:
    """Write input templates (fte.csv, person_years.csv, population.csv, quality.csv, spec.json)
    filled with a shipped data set as the example, the valid codes, and a README.

    \b
    Examples:
      jobbench init mydata
      jobbench run -m Varde --data mydata          # runs as written; then put your numbers in
    """
    written = write_templates(folder, dataset, overwrite=force)
    for path in written:
        _info(f"wrote {path}")
    _info(f"Replace the example rows with your own and run: jobbench run -m <municipality> --data {folder}")
