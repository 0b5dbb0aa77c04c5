"""Plot methods: each returns a matplotlib Figure with the bars/points, the mean line and the highlight."""
from __future__ import annotations

import numpy as np
import pytest

import jobbench
from conftest import MUNICIPALITIES

matplotlib = pytest.importorskip("matplotlib")
from matplotlib.figure import Figure  # noqa: E402


def _mean_lines(ax):
    return [ln for ln in ax.get_lines() if ln.get_gid() == "mean"]


def _highlights(fig):
    return [a for ax in fig.axes for a in (*ax.patches, *ax.collections) if a.get_gid() == "highlight"]


@pytest.fixture(scope="module")
def r2013():
    return jobbench.datasets.benchmark2013().benchmark().fit()


def test_plot_productivity_bars_mean_and_highlight(results):
    fig = results.plot_productivity("total", highlight="Bby")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert len(ax.patches) == len(MUNICIPALITIES)
    heights = sorted(p.get_height() for p in ax.patches)
    assert heights == pytest.approx(sorted(results.productivity.loc["total"].tolist()))
    (line,) = _mean_lines(ax)
    assert line.get_ydata()[0] == pytest.approx(results.mean["total"])
    assert "Gns. kommuner" in line.get_label() and "Gns," not in line.get_label()
    (bar,) = _highlights(fig)
    assert bar.get_height() == pytest.approx(results.productivity.at["total", "Bby"])
    bold = [t.get_text() for t in ax.get_xticklabels() if t.get_fontweight() == "bold"]
    assert bold == ["Bby"]
    # sorted: most productive (fewest FTE) first
    assert [p.get_height() for p in ax.patches] == sorted(p.get_height() for p in ax.patches)


def test_plot_productivity_item_code_and_no_highlight(results):
    fig = results.plot_productivity("a")
    assert not _highlights(fig)
    assert _mean_lines(fig.axes[0])[0].get_ydata()[0] == pytest.approx(results.mean["a"])
    with pytest.raises(jobbench.InputError, match="unknown item"):
        results.plot_productivity("nope")
    with pytest.raises(jobbench.InputError, match="unknown municipality"):
        results.plot_productivity(highlight="Zby")


def test_plot_decomposition_waterfall(results):
    fig = results.plot_decomposition("Aby")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    d = results.decomposition("Aby")
    steps = [p for p in ax.patches if p.get_gid() == "step"]
    assert [p.get_height() for p in steps] == pytest.approx(d.drop(index="total")["total"].tolist())
    (end,) = _highlights(fig)
    assert end.get_height() == pytest.approx(results.productivity.at["total", "Aby"])
    (line,) = _mean_lines(ax)
    assert line.get_ydata()[0] == pytest.approx(results.mean["total"])
    # the steps walk from the mean to the municipality's value
    assert results.mean["total"] + sum(p.get_height() for p in steps) == pytest.approx(end.get_height())


def test_plot_quality_scatter_with_mean_lines(results):
    fig = results.plot_quality("q.jobrate", highlight="Aby")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    lines = _mean_lines(ax)
    assert len(lines) == 2  # mean of productivity (vertical) and of the indicator (horizontal)
    t = results.table("T1")
    xs = sorted(ln.get_xdata()[0] for ln in lines)
    assert results.mean["total"] in [pytest.approx(x) for x in xs]
    ys = [ln.get_ydata()[0] for ln in lines]
    assert t.at["q.jobrate", jobbench.MEAN_COLUMN] in [pytest.approx(y) for y in ys]
    (point,) = _highlights(fig)
    assert point.get_offsets()[0][0] == pytest.approx(results.productivity.at["total", "Aby"])
    with pytest.raises(jobbench.InputError, match="unknown indicator"):
        results.plot_quality("q.none")


def test_plot_quality_small_multiples(r2013):
    fig = r2013.plot_quality(["q.adp.samtale", "q.adp.tilbud", "q.adp.jobrate", "q.adp.aktgrad"], highlight="Varde")
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 4
    assert all(len(_mean_lines(ax)) == 2 for ax in visible)
    assert len(_highlights(fig)) == 4


def test_plot_intervals_on_uncertainty_results():
    data = jobbench.datasets.benchmark2013()
    employees, shares = jobbench.synthetic_roster(seed=2013)
    unc = jobbench.StaffRoster(data.spec, employees, shares).simulate(data.person_years, data.population,
                                                                     draws=50, seed=3)
    fig = unc.plot_intervals(highlight="Varde")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert len(ax.collections) >= 2 * len(data.municipalities)
    (line,) = _mean_lines(ax)
    iv = unc.intervals
    root = iv[iv["item"] == "total"]
    assert line.get_xdata()[0] == pytest.approx(root["productivity"].mean())
    assert len(_highlights(fig)) == 2  # the interval and the point
    assert "<table" in unc._repr_html_()
    with pytest.raises(jobbench.InputError):
        unc.plot_intervals(highlight="Nowhere")


def test_figures_render_on_agg_without_pyplot_state(results):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    fig = results.plot_productivity(highlight="Aby")
    assert plt.get_fignums() == before  # nothing registered with pyplot: nothing for the user to close
    from io import BytesIO

    buf = BytesIO()
    fig.savefig(buf, format="png")
    assert buf.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_charts_come_from_the_plot_functions(results, tmp_path):
    from jobbench.report.charts import productivity_bars
    from jobbench.report.language import Lang

    ch = productivity_bars("p", tmp_path, Lang("da"), MUNICIPALITIES, results.productivity.loc["total"].to_numpy(),
                           np.zeros(3, dtype=bool), float(results.mean["total"]), "Aby", "Produktivitet: I alt",
                           table_id="T1")
    assert not ch.caption.startswith("Tabel") and "(tabel T1)" in ch.caption
    assert "Gns. kommuner" in ch.inline_svg
