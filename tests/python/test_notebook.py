"""Execute the notebooks with nbclient so they cannot rot (skipped if the 2013 data is absent)."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
DATA = resources.files("jobbench.datasets").joinpath("benchmark2013")

#: notebook -> strings its outputs must contain
EXPECTED = {
    # the 2013 data: Varde's tables, comparison and a chart
    "varde_2013.ipynb": ["Varde"],
    # folder of filled workbooks -> benchmark tables and Monte Carlo intervals
    "staff_time.ipynb": ["rejected rows: 0", "Varde: rank ", "90 % interval"],
    # synthetic panel -> indicators beside productivity
    "register_indicators.ipynb": ["period (201227, 201326)", "Varde: productivity"],
    # intervals, a funnel and rank sets of productivity
    "analysis.ipynb": ["Varde: rank ", "95 % set", "additive"],
    # synthetic national panel -> seed 004's jobindsats tables 1-5 by quarter, a funnel
    # issue 15: DEA of the default model, peers, what-if, expected against actual, synthetic scale
    "frontier_2013.ipynb": ["Varde: efficiency", "on the frontier:", "Varde: expected job rate",
                            "comparison group:", "median Malmquist", "m-out-of-n bootstrap: m = "],
    "today_jobindsats.ipynb": ["Varde lies in Region Syddanmark", "Tilbud i alt",
                               "Lønmodtagerbeskæftigelse", "change_year",
                               "Funnel plot results"],
    # seed 003's case audit: pooled shares, a 15-case interval, sample sizes, a dot-and-interval chart
    "audit_2022.ipynb": ["job_ressourcefokus: 227/375 = 61 %", "a 15-case interval is about",
                         "±10 points: 97 cases"],
}

#: the library's chart calls a notebook draws with (a results.plot_* method, a fitted funnel's plot)
LIBRARY_CHARTS = (".plot_", ".plot(highlight=")  # audit.plot_shares counts too


@pytest.mark.skipif(not DATA.joinpath("fte.csv").is_file(), reason="2013 data files absent")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_notebook_executes(name, tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    for expected in EXPECTED[name]:
        assert expected in text
    assert any("image/png" in o.get("data", {}) for o in outputs), "the chart was not rendered"


def test_every_notebook_is_executed():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_notebooks_use_the_plot_methods(name):
    """Nothing is drawn by hand: charts come from results.plot_* / unc.plot_intervals."""
    import nbformat

    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for hand_drawn in ("plt.", "subplots", "ax.", "savefig", "matplotlib.pyplot"):
        assert hand_drawn not in code, f"{name} draws by hand ({hand_drawn!r})"
    assert any(call in code for call in LIBRARY_CHARTS)
    assert "Gns," not in code
