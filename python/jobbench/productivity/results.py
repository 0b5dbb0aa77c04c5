"""Results of a fitted benchmark: :class:`BenchmarkResults`.

Everything numeric comes from the C++ core (``_core.compute`` / ``_core.compare``); this module only
shapes it into pandas objects and text.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from .. import _core
from .._errors import InputError, SpecError
from .._names import find_municipality
from ..formatting import fmt_number, fmt_value, indent_label, lower_first, prefix_level, split_prefix
from ..spec import Spec

__all__ = ["BenchmarkResults", "MEAN_COLUMN"]

MEAN_COLUMN = "Gns. kommuner"

#: matrices of the core result (rows = items, columns = municipalities)
MATRICES = ("fte", "fte_external", "unallocated", "person_years", "productivity",
            "productivity_external", "share", "fte_per_1000_population", "diff_abs", "diff_rel", "class_ratio")

#: sort order of the verbal classes in the "sources" lines: fewer ... ingen, samme, ... more
_SOURCE_ORDER = {-4: 0, -3: 1, -2: 2, -1: 3, -5: 4, 0: 5, 1: 6, 2: 7, 3: 8, 4: 9}


def _signed_pct(x: float) -> str:
    """``0.0125 -> "+1,3%"``, ``-0.144 -> "-14,4%"``."""
    if not np.isfinite(x):
        return "-"
    return ("+" if x > 0 else "") + fmt_number(100 * x) + "%"


def _nan(v: Any) -> bool:
    try:
        return bool(np.isnan(v))
    except TypeError:
        return v is None


def _kind(value: Any) -> str:
    s = str(getattr(value, "name", value))
    return s.split(".")[-1].lower()


class BenchmarkResults:
    """Results of :meth:`jobbench.Benchmark.fit`.

    Attributes
    ----------
    municipalities : list[str]
        Municipalities in data-set order.
    items : pandas.DataFrame
        One row per item (task nodes in spec order, then aggregates): ``label, kind, parent, divisor, depth``.
    """

    def __init__(self, core_result: Any, spec: Spec, quality: pd.DataFrame | None = None) -> None:
        self.core = core_result
        self.spec = spec
        self.quality = quality
        r = core_result
        self.municipalities: list[str] = [str(m) for m in r.municipalities]
        rows = []
        for it in r.items:
            parent = getattr(it, "parent", "") or ""
            rows.append({"item": str(it.code), "label": str(it.label), "kind": _kind(it.kind),
                         "parent": str(parent), "divisor": str(getattr(it, "divisor", "") or ""),
                         "depth": int(getattr(it, "depth", 0))})
        self.items = pd.DataFrame(rows).set_index("item")
        self._item_pos = {code: i for i, code in enumerate(self.items.index)}
        self._muni_pos = {m: j for j, m in enumerate(self.municipalities)}
        self._m: dict[str, np.ndarray] = {name: np.asarray(getattr(r, name), dtype=np.float64)
                                          for name in MATRICES}
        self._m["rank"] = np.asarray(r.rank, dtype=np.float64)
        self._verbal = np.asarray(r.verbal_class, dtype=np.int64)
        self.mean = pd.Series(np.asarray(r.mean, dtype=np.float64), index=self.items.index, name="mean")
        self.weighted_mean = pd.Series(np.asarray(r.weighted_mean, dtype=np.float64), index=self.items.index,
                                       name="weighted_mean")
        self.median = pd.Series(np.asarray(r.median, dtype=np.float64), index=self.items.index, name="median")
        # Population 18-64 per municipality as the core holds it (NaN where not given).
        self.population = pd.Series(np.asarray(r.population, dtype=np.float64), index=self.municipalities,
                                    name="population")
        self._labels: dict[tuple[int, bool], str] = {}

    # -- lookups ------------------------------------------------------------------------------
    @property
    def root(self) -> str:
        return str(self.items.index[0])

    def _mi(self, municipality: str) -> int:
        position = self._muni_pos.get(municipality)
        return position if position is not None else find_municipality(self.municipalities, municipality)

    def municipality_name(self, municipality: str | int) -> str:
        """The benchmark's spelling of ``municipality``, given in any case or as its kommunekode.

        ``results.municipality_name("varde") == results.municipality_name(573) == "Varde"``; an unknown
        name raises InputError with a "did you mean" suggestion.
        """
        return str(self.municipalities[self._mi(str(municipality))])

    def _ii(self, item: str) -> int:
        try:
            return self._item_pos[item]
        except KeyError:
            raise InputError(f"unknown item '{item}': not a task or aggregate of spec "
                             f"'{self.spec.name}'") from None

    def class_label(self, code: int, english: bool = False) -> str:
        """Label of a verbal class code (-5 … 4), Danish by default."""
        key = (int(code), english)
        if key not in self._labels:
            try:
                if english:
                    self._labels[key] = str(_core.class_label(int(code), _core.Language.English))
                else:
                    self._labels[key] = str(_core.class_label(int(code)))
            except (ValueError, AttributeError, TypeError):
                self._labels[key] = ""  # e.g. the "missing" class: no label
        return self._labels[key]

    def children(self, item: str) -> list[str]:
        """Direct sub-tasks of ``item`` in spec order."""
        self._ii(item)
        return [c for c in self.items.index[self.items["parent"] == item]]

    # -- wide matrices ------------------------------------------------------------------------
    def matrix(self, measure: str = "productivity") -> pd.DataFrame:
        """One measure as a DataFrame: rows = items, columns = municipalities."""
        if measure == "verbal_class":
            data: np.ndarray = self._verbal
        elif measure in self._m:
            data = self._m[measure]
        else:
            raise InputError(f"unknown measure '{measure}' (known: {', '.join(list(self._m) + ['verbal_class'])})")
        return pd.DataFrame(data, index=self.items.index, columns=self.municipalities)

    @property
    def productivity(self) -> pd.DataFrame:
        return self.matrix("productivity")

    @property
    def fte(self) -> pd.DataFrame:
        return self.matrix("fte")

    # -- tidy frame ---------------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """Everything in one tidy long DataFrame: one row per (item, municipality), items in spec order."""
        n_items, n_munis = len(self.items), len(self.municipalities)
        item_idx = np.repeat(np.arange(n_items), n_munis)
        muni_idx = np.tile(np.arange(n_munis), n_items)
        cols: dict[str, Any] = {
            "municipality": pd.Categorical.from_codes(muni_idx, categories=self.municipalities),
            "item": self.items.index.to_numpy()[item_idx],
        }
        for c in ("label", "kind", "parent", "divisor"):
            cols[c] = self.items[c].to_numpy()[item_idx]
        for name in ("fte", "fte_external", "unallocated", "person_years", "productivity",
                     "productivity_external", "share", "fte_per_1000_population"):
            cols[name] = self._m[name].ravel()
        cols["mean"] = self.mean.to_numpy()[item_idx]
        cols["weighted_mean"] = self.weighted_mean.to_numpy()[item_idx]
        cols["median"] = self.median.to_numpy()[item_idx]
        cols["diff_abs"] = self._m["diff_abs"].ravel()
        cols["diff_rel"] = self._m["diff_rel"].ravel()
        cols["class_ratio"] = self._m["class_ratio"].ravel()
        cols["rank"] = self._m["rank"].ravel().astype(np.int64)
        verbal = self._verbal.ravel()
        cols["verbal_class"] = verbal
        codes = np.unique(verbal)
        lookup = {int(c): self.class_label(int(c)) for c in codes}
        cols["class_label"] = pd.Series(verbal).map(lookup).to_numpy()
        return pd.DataFrame(cols)

    # -- comparison of one municipality -------------------------------------------------------
    def rank(self, municipality: str, item: str | None = None) -> int:
        """Rank of the municipality's productivity on ``item`` (1 = highest productivity)."""
        item = self.root if item is None else item
        return int(self._m["rank"][self._ii(item), self._mi(municipality)])

    def class_basis(self) -> pd.Series:
        """Per item: the code of the item whose mean the verbal class is judged against.

        With the spec's ``classes.basis = "area"`` (the 2013 spec) that is the item's area: the root for the
        root, the main tasks and the aggregates, the main task above it for a sub-task; so
        ``class_ratio = diff_abs / mean[class_basis]``. With ``"own"`` each item is its own basis
        (``class_ratio = diff_rel``)."""
        basis = str((self.spec.data.get("classes") or {}).get("basis", "own"))
        out = {}
        for code in self.items.index:
            if basis != "area":
                out[code] = code
                continue
            kind, depth = str(self.items.at[code, "kind"]), int(self.items.at[code, "depth"])
            if kind != "task":
                out[code] = self._aggregate_basis(code)
                continue
            if depth <= 1:
                out[code] = self.root
                continue
            c = code
            while int(self.items.at[c, "depth"]) > 1 and self.items.at[c, "parent"]:
                c = str(self.items.at[c, "parent"])
            out[code] = c
        return pd.Series(out, name="class_basis", dtype=object)

    def _aggregate_basis(self, code: str) -> str:
        """The area an aggregate's class is judged against, read back from the core's ratios (the root, or
        the main task whose mean the ratios divide by)."""
        i = self._ii(code)
        with np.errstate(invalid="ignore", divide="ignore"):
            implied = self._m["diff_abs"][i] / self._m["class_ratio"][i]
        implied = implied[np.isfinite(implied)]
        if implied.size == 0:
            return self.root
        value = float(np.median(implied))
        for c in [self.root, *self.children(self.root), *self.items.index]:
            if np.isclose(float(self.mean[c]), value, rtol=1e-9, atol=0.0):
                return str(c)
        return self.root

    def compare(self, municipality: str, peers: Sequence[str] | None = None) -> pd.DataFrame:
        """Per item: the municipality's productivity against the group (``Gns. kommuner``).

        ``diff_rel`` is the difference relative to the item's own mean; the verbal class is judged on
        ``class_ratio``, the difference relative to the mean of ``class_basis`` (the item's area, whose
        mean is ``class_mean``), so a small task far from its own mean can be "lidt flere" when it moves
        its area little (see docs/python-api.md, "Verbal classes").

        ``peers``: a comparison group (e.g. ``jobbench.analysis.similar(framework, 4)["Varde"]``). The
        group is the municipality and its peers; ``mean``, the differences, the verbal classes and
        ``rank`` (of ``n`` = the group's size) are then computed within it, by the same C++ comparison as
        the benchmark's ("mean of comparable municipalities" in place of "mean of all"). Without peers
        (the default) the result is the benchmark's own, the 2013 reproduction. ``.attrs["group"]``
        lists the group."""
        if peers is not None:
            return self._compare_group(municipality, peers)
        j = self._mi(municipality)
        verbal = self._verbal[:, j]
        basis = self.class_basis()
        out = pd.DataFrame({
            "label": self.items["label"],
            "kind": self.items["kind"],
            "depth": self.items["depth"],
            "fte": self._m["fte"][:, j],
            "value": self._m["productivity"][:, j],
            "mean": self.mean.to_numpy(),
            "diff_abs": self._m["diff_abs"][:, j],
            "diff_rel": self._m["diff_rel"][:, j],
            "class_ratio": self._m["class_ratio"][:, j],
            "class_basis": basis.to_numpy(),
            "class_mean": self.mean.loc[basis.to_numpy()].to_numpy(),
            "rank": self._m["rank"][:, j].astype(np.int64),
            "n": len(self.municipalities),
            "verbal_class": verbal.astype(np.int64),
            "class_label": [self.class_label(int(c)) for c in verbal],
        }, index=self.items.index)
        out.attrs["municipality"] = municipality
        out.attrs["group"] = list(self.municipalities)
        return out

    def group(self, municipality: str, peers: Sequence[str]) -> list[str]:
        """The comparison group of ``municipality``: itself, then its peers (benchmark spellings, any
        case or kommunekode accepted; duplicates dropped). InputError for an unknown name or no peer."""
        if isinstance(peers, str):
            peers = [peers]
        own = self.municipality_name(municipality)
        group = [own]
        for p in peers:
            name = self.municipality_name(str(p))
            if name not in group:
                group.append(name)
        if len(group) < 2:
            raise InputError(f"{own}: the comparison group needs at least one other municipality")
        return group

    def group_mean(self, municipality: str, peers: Sequence[str]) -> pd.Series:
        """Per item: the simple mean productivity of the comparison group (municipality + peers)."""
        cols = [self._mi(m) for m in self.group(municipality, peers)]
        comp = _core.compare(np.ascontiguousarray(self._m["productivity"][:, cols]), False,
                             self.spec.thresholds())
        return pd.Series(np.asarray(comp.mean, dtype=np.float64), index=self.items.index, name="group_mean")

    def _compare_group(self, municipality: str, peers: Sequence[str]) -> pd.DataFrame:
        group = self.group(municipality, peers)
        cols = [self._mi(m) for m in group]
        values = np.ascontiguousarray(self._m["productivity"][:, cols])
        thresholds = self.spec.thresholds()
        comp = _core.compare(values, False, thresholds)
        mean = np.asarray(comp.mean, dtype=np.float64)
        diff_abs = np.asarray(comp.diff_abs, dtype=np.float64)[:, 0]
        diff_rel = np.asarray(comp.diff_rel, dtype=np.float64)[:, 0]
        verbal = np.asarray(comp.verbal_class, dtype=np.int64)[:, 0].copy()
        basis = self.class_basis()
        pos = np.array([self._item_pos[b] for b in basis.to_numpy()])
        class_mean = mean[pos]
        class_ratio = diff_rel.copy()
        if str((self.spec.data.get("classes") or {}).get("basis", "own")) == "area":
            with np.errstate(invalid="ignore", divide="ignore"):
                class_ratio = np.where(class_mean == 0.0, np.nan, diff_abs / class_mean)
            value = values[:, 0]
            verbal = np.array([int(_core.classify(float(class_ratio[i]), float(value[i]), float(mean[i]),
                                                  thresholds)) for i in range(len(value))], dtype=np.int64)
        rank = np.asarray(comp.rank, dtype=np.float64)[:, 0]
        j = cols[0]
        out = pd.DataFrame({
            "label": self.items["label"],
            "kind": self.items["kind"],
            "depth": self.items["depth"],
            "fte": self._m["fte"][:, j],
            "value": self._m["productivity"][:, j],
            "mean": mean,
            "diff_abs": diff_abs,
            "diff_rel": diff_rel,
            "class_ratio": class_ratio,
            "class_basis": basis.to_numpy(),
            "class_mean": class_mean,
            "rank": np.where(np.isnan(rank), -1, rank).astype(np.int64),
            "n": len(group),
            "verbal_class": verbal,
            "class_label": [self.class_label(int(c)) for c in verbal],
        }, index=self.items.index)
        out.attrs["municipality"] = group[0]
        out.attrs["group"] = group
        return out

    def decomposition(self, municipality: str) -> pd.DataFrame:
        """The municipality's total difference (root productivity − root mean) split over the root's
        children into productivity effect, mix effect and interaction; the last row ``total`` sums them
        and equals the total difference."""
        j = self._mi(municipality)
        r = self.core
        prod = np.asarray(r.decomposition_productivity, dtype=np.float64)[:, j]
        mix = np.asarray(r.decomposition_mix, dtype=np.float64)[:, j]
        inter = np.asarray(r.decomposition_interaction, dtype=np.float64)
        codes = [str(c) for c in getattr(r, "decomposition_items", self.children(self.root))]
        frame = pd.DataFrame({
            "label": [self.items.at[c, "label"] if c in self._item_pos else c for c in codes],
            "productivity_effect": prod,
            "mix_effect": mix,
            "interaction": inter,
        }, index=pd.Index(codes, name="item"))
        frame["total"] = frame[["productivity_effect", "mix_effect", "interaction"]].sum(axis=1)
        total = frame[["productivity_effect", "mix_effect", "interaction", "total"]].sum(axis=0)
        frame.loc["total"] = [self.items.at[self.root, "label"], *total.to_numpy()]
        frame.attrs["municipality"] = municipality
        frame.attrs["total_difference"] = float(np.asarray(r.total_difference, dtype=np.float64)[j])
        return frame

    def sources(self, municipality: str, item: str | None = None) -> list[str]:
        """The report's "Kilder til produktiviteten" lines: one per sub-task of ``item`` (default: the
        root), from the verbal class of its difference to the mean, most negative first."""
        item = self.root if item is None else item
        j = self._mi(municipality)
        kids = self.children(item)
        order = sorted(range(len(kids)),
                       key=lambda k: (_SOURCE_ORDER.get(int(self._verbal[self._item_pos[kids[k]], j]), 5), k))
        lines = []
        for k in order:
            code = kids[k]
            cls = int(self._verbal[self._item_pos[code], j])
            if cls not in _SOURCE_ORDER:
                continue  # missing class: nothing to say
            label = lower_first(str(self.items.at[code, "label"]))
            lines.append(f"Der bruges {self.class_label(cls)} ressourcer pr. årsperson på {label}")
        return lines

    def summary(self, municipality: str, items: Sequence[str] | None = None) -> str:
        """A short printable text: total productivity vs. mean and rank, then per main task."""
        j = self._mi(municipality)
        n = len(self.municipalities)
        root = self.root
        items = list(items) if items is not None else self.children(root)
        ri = self._ii(root)
        title = f"{self.spec.name} — {municipality}".strip(" —")
        lines = [title, "=" * len(title)]
        lines.append(
            f"Årsværk i alt: {fmt_number(self._m['fte'][ri, j])}"
            f" (heraf puljer og løntilskud {fmt_number(self._m['fte_external'][ri, j])})")
        lines.append(
            f"Produktivitet ({self.items.at[root, 'label']}): {fmt_number(self._m['productivity'][ri, j])}"
            f" årsværk pr. 1.000 årspersoner; gns. kommuner {fmt_number(self.mean.iloc[ri])}"
            f" ({fmt_number(100 * self._m['diff_rel'][ri, j])}%, {self.class_label(int(self._verbal[ri, j]))});"
            f" rang {int(self._m['rank'][ri, j])} af {n}")
        lines.append("")
        basis = self.class_basis()
        width = max([len(str(self.items.at[c, 'label'])) for c in items] + [10])
        lines.append(f"{'Hovedopgave':<{width}}  {municipality[:8]:>8}  {'Gns.':>6}  {'Forskel':>8}  {'Rang':>6}"
                     f"  {'Klasse':<15}  Klassens grundlag")
        for c in items:
            i = self._ii(c)
            b = str(basis[c])
            ground = (f"{_signed_pct(self._m['class_ratio'][i, j])} af gns. "
                      f"{lower_first(str(self.items.at[b, 'label']))} {fmt_number(self.mean.loc[b])}")
            lines.append(
                f"{str(self.items.at[c, 'label']):<{width}}  {fmt_number(self._m['productivity'][i, j], dash_zero=True):>8}"
                f"  {fmt_number(self.mean.iloc[i]):>6}  {fmt_number(100 * self._m['diff_rel'][i, j]) + '%':>8}"
                f"  {str(int(self._m['rank'][i, j])) + '/' + str(n):>6}  {self.class_label(int(self._verbal[i, j])):<15}"
                f"  {ground}")
        if any(str(basis[c]) != c for c in items):
            lines.append("")
            lines.append("Klassen vurderes mod områdets gennemsnit: forskellen i årsværk pr. 1.000 årspersoner delt med "
                         "gennemsnittet for det område, opgaven hører under (class_ratio), ikke med opgavens eget "
                         "gennemsnit (Forskel).")
        return "\n".join(lines)

    # -- plots --------------------------------------------------------------------------------
    def _item_code(self, item: str) -> str:
        """An item code from a code, ``"total"`` (the root) or a label (case-insensitive)."""
        if item in self._item_pos:
            return item
        if str(item).lower() in ("total", "root", "i alt"):
            return self.root
        hits = [c for c in self.items.index if str(self.items.at[c, "label"]).lower() == str(item).lower()]
        if len(hits) == 1:
            return str(hits[0])
        self._ii(item)  # raises InputError
        return item

    def plot_productivity(self, item: str = "total", highlight: str | None = None, *,
                          withheld: Sequence[bool] | None = None, title: str | None = None) -> Any:
        """Bars of FTE per 1,000 person-years by municipality for ``item`` (a code; ``"total"`` = the
        root, the report's overall productivity), most productive first, the group mean (``Gns.
        kommuner``) as a dashed line, ``highlight`` in red. Returns a matplotlib ``Figure``."""
        from .. import plotting

        code = self._item_code(item)
        if highlight is not None:
            self._mi(highlight)
        i = self._ii(code)
        label = str(self.items.at[code, "label"])
        return plotting.bars_with_mean(self.municipalities, self._m["productivity"][i], float(self.mean.iloc[i]),
                                       highlight=highlight, withheld=withheld,
                                       title=label if title is None else title,
                                       ylabel="Årsværk pr. 1.000 årspersoner", mean_label="Gns. kommuner")

    def plot_decomposition(self, municipality: str, *, title: str | None = None) -> Any:
        """A waterfall of the municipality's difference from the mean of the root productivity: from the
        mean (``Gns. kommuner``) through each main task's contribution (productivity + mix effect +
        interaction, :meth:`decomposition`) to the municipality's value. Returns a matplotlib ``Figure``."""
        from .. import plotting

        d = self.decomposition(municipality)
        parts = d.drop(index="total")
        ri = self._ii(self.root)
        j = self._mi(municipality)
        start = float(self.mean.iloc[ri])
        end = float(self._m["productivity"][ri, j])
        return plotting.waterfall(list(parts["label"]), parts["total"].to_numpy(dtype=float), start=start,
                                  end=start + float(d.at["total", "total"]) if np.isfinite(end) else end,
                                  start_label="Gns. kommuner", end_label=municipality,
                                  title=(f"{municipality}: forskel til gennemsnittet fordelt på opgaver"
                                         if title is None else title),
                                  ylabel="Årsværk pr. 1.000 årspersoner")

    def _indicator_table(self, indicator: str) -> tuple[str, int, str] | None:
        """(table id, row, area item) of the first spec table with a row of ``indicator``."""
        for tid, t in self._tables().items():
            rows = t.get("rows", [])
            for k, row in enumerate(rows):
                if str(row.get("indicator", "")) == indicator:
                    first = rows[0] if rows else {}
                    item = str(first.get("item", self.root))
                    return tid, k, item if item in self._item_pos else self.root
        return None

    def plot_quality(self, indicator: str | Sequence[str], highlight: str | None = None, *,
                     item: str | None = None, withheld: Sequence[bool] | None = None,
                     title: str | None = None) -> Any:
        """A quality indicator (y) against productivity (x, FTE per 1,000 person-years of the indicator's
        area: the first row of the report table that shows it, or ``item``), one point per municipality, the
        means of both as dashed lines, ``highlight`` marked. Several indicator codes give small multiples.
        Returns a matplotlib ``Figure``."""
        from .. import plotting

        codes = [indicator] if isinstance(indicator, str) else list(indicator)
        if highlight is not None:
            self._mi(highlight)
        panels, y_means, area = [], [], None
        for code in codes:
            found = self._indicator_table(str(code))
            if found is None:
                raise InputError(f"unknown indicator '{code}': not in any table of spec '{self.spec.name}'")
            tid, k, area_item = found
            area = area if area is not None else area_item
            t = self.table(tid)
            label = str(t["label"].iloc[k])
            fmt = t.attrs["format"][k]
            panels.append((label, t[self.municipalities].iloc[k].to_numpy(dtype=float), fmt == "percent"))
            y_means.append(float(t[MEAN_COLUMN].iloc[k]))
        x_item = self._item_code(item) if item is not None else (area or self.root)
        i = self._ii(x_item)
        x_label = f"Årsværk pr. 1.000 årspersoner ({lower_first(str(self.items.at[x_item, 'label']))})"
        fig = plotting.scatter_with_means(panels, self._m["productivity"][i], self.municipalities,
                                          highlight=highlight, withheld=withheld,
                                          x_mean=float(self.mean.iloc[i]), y_means=y_means, xlabel=x_label,
                                          title="" if title is None else title,
                                          ncols=1 if len(panels) == 1 else 3,
                                          panel_size=(5.0, 3.6) if len(panels) == 1 else (2.4, 2.1),
                                          mean_label="Gns. kommuner")
        return fig

    # -- report tables ------------------------------------------------------------------------
    def _tables(self) -> dict[str, Any]:
        tables = self.spec.data.get("tables", {})
        if isinstance(tables, list):
            tables = {str(t.get("id")): t for t in tables}
        return {str(k): v for k, v in tables.items()}

    def tables(self) -> pd.Series:
        """Ids and titles of the report tables of the spec."""
        t = self._tables()
        return pd.Series({k: str(v.get("title", "")) for k, v in t.items()}, name="title", dtype=object)

    def _compare_row(self, values: np.ndarray, higher_is_better: bool = False) -> float:
        """The simple mean of one row of values, computed by ``_core.compare`` (NaN = missing)."""
        mat = np.ascontiguousarray(np.asarray(values, dtype=np.float64).reshape(1, -1))
        if not np.isfinite(mat).any():
            return float("nan")
        comp = _core.compare(mat, bool(higher_is_better), self.spec.thresholds())
        return float(np.asarray(comp.mean, dtype=np.float64).ravel()[0])

    def _indicator_spec(self, code: str) -> dict[str, Any]:
        for ind in self.spec.data.get("indicators", []) or []:
            if str(ind.get("code")) == code:
                return dict(ind)
        return {}

    def _quality_values(self, table_id: str, indicator: str) -> np.ndarray:
        out = np.full(len(self.municipalities), np.nan)
        q = self.quality
        if q is None or len(q) == 0:
            return out
        ind = q["indicator"].astype(str) == indicator
        sel = q[ind & (q["table"].astype(str) == table_id)]
        if sel.empty:
            sel = q[ind]
            if sel["table"].astype(str).nunique() > 1:
                sel = sel.iloc[0:0]  # ambiguous: the indicator is given for several other tables
        values = pd.to_numeric(sel["value"], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        for m, v in zip(sel["municipality"].astype(str), values):
            j = self._muni_pos.get(m)
            if j is not None:
                out[j] = v
        return out

    def _group_person_years(self, group: str) -> np.ndarray:
        """Person-years of a target group: the person-years row of an item divided by that group."""
        hits = np.flatnonzero(self.items["divisor"].to_numpy() == group)
        if hits.size == 0:
            return np.full(len(self.municipalities), np.nan)
        return self._m["person_years"][hits[0]]

    def _measure_values(self, row: dict[str, Any], measure: str, table_id: str
                        ) -> tuple[np.ndarray, float | None]:
        """Values per municipality of one measure of a row, plus a pooled value for measures that only
        exist over all municipalities (else None)."""
        n = len(self.municipalities)
        if measure == "population":
            return self.population.to_numpy().copy(), None
        if measure == "forsoergelsestryk":
            group = str(row.get("group", ""))
            if not group:
                group = str(self.items.at[str(row["item"]), "divisor"]) if "item" in row else ""
            with np.errstate(invalid="ignore", divide="ignore"):
                return self._group_person_years(group) / self.population.to_numpy(), None
        item = row.get("item")
        if item is None:
            raise SpecError(f"table {table_id}: row '{row.get('label')}' has measure '{measure}' but no item")
        i = self._ii(str(item))
        ri = self._item_pos[self.root]
        external = bool(row.get("external", False))
        if external and measure in ("fte", "productivity", "share", "pooled_share"):
            measure = {"fte": "fte_external", "productivity": "productivity_external",
                       "share": "share_external", "pooled_share": "pooled_share_external"}[measure]
        if measure in self._m:
            return self._m[measure][i].copy(), None
        if measure == "share_external":
            with np.errstate(invalid="ignore", divide="ignore"):
                return self._m["fte_external"][i] / self._m["fte"][ri], None
        if measure in ("pooled_share", "pooled_share_external"):
            num = self._m["fte_external" if measure.endswith("external") else "fte"][i].sum()
            with np.errstate(invalid="ignore", divide="ignore"):
                pooled = float(num / self._m["fte"][ri].sum())
            return np.full(n, np.nan), pooled
        raise SpecError(f"table {table_id}: row '{row.get('label')}' has unknown measure '{measure}'")

    @staticmethod
    def _default_format(measure: str) -> str:
        if "share" in measure or measure == "forsoergelsestryk":
            return "percent"
        if measure == "population":
            return "count"
        return "decimal"

    def _row_values(self, row: dict[str, Any], table_id: str) -> tuple[np.ndarray, float, str]:
        """(values per municipality, Gns. kommuner, format) of one table row."""
        n = len(self.municipalities)
        if "indicator" in row:
            code = str(row["indicator"])
            ind = self._indicator_spec(code)
            vals = self._quality_values(table_id, code)
            hib = bool(row.get("higher_is_better", ind.get("higher_is_better", True)))
            fmt = str(row.get("format", ind.get("format", "decimal")))
            return vals, self._compare_row(vals, hib), fmt
        measure = str(row.get("measure", "productivity" if "item" in row else ""))
        if not measure:
            return np.full(n, np.nan), float("nan"), "heading"
        fmt = str(row.get("format", self._default_format(measure)))
        vals, pooled = self._measure_values(row, measure, table_id)
        if pooled is not None:
            return vals, pooled, fmt
        if measure == "productivity" and not row.get("external", False):
            return vals, float(self.mean.iloc[self._ii(str(row["item"]))]), fmt
        return vals, self._compare_row(vals), fmt

    def _row_meta(self, row: dict[str, Any]) -> tuple[str, bool, str]:
        code = str(row.get("item", row.get("indicator", row.get("group", row.get("measure", "")))))
        return str(row.get("label", code)), bool(row.get("bold", False)), code

    @staticmethod
    def _row_code(row: dict[str, Any]) -> str:
        """The row's code in :meth:`table`'s index, before de-duplication.

        An item row is its item code (``"adp"``), qualified by a measure other than productivity
        (``"adp:share"``) and by ``":external"`` for the pools-and-wage-subsidy rows (``"adp:external"``);
        an indicator row is the indicator code, a target-group row ``"<group>:<measure>"``, a row of a
        measure only the measure (``"population"``) and a heading ``"heading:<label>"``."""
        measure = str(row.get("measure", "") or "")
        external = bool(row.get("external", False)) or measure.endswith("_external")
        base_measure = measure[:-len("_external")] if measure.endswith("_external") else measure
        if "item" in row:
            code = str(row["item"])
            if base_measure not in ("", "productivity"):
                code += f":{base_measure}"
            return code + (":external" if external else "")
        if "indicator" in row:
            return str(row["indicator"])
        if "group" in row:
            return f"{row['group']}:{measure or 'group'}"
        if measure:
            return measure
        return f"heading:{split_prefix(str(row.get('label', '')))[1]}"

    @classmethod
    def row_codes(cls, rows: Sequence[dict[str, Any]]) -> list[str]:
        """Unique codes of a spec table's rows (:meth:`_row_code`; a repeated row, such as "Samlet" after
        "Produktivitet", gets ``":2"``, ``":3"`` …)."""
        seen: dict[str, int] = {}
        out = []
        for row in rows:
            code = cls._row_code(row)
            seen[code] = seen.get(code, 0) + 1
            out.append(code if seen[code] == 1 else f"{code}:{seen[code]}")
        return out

    def table(self, table_id: str, municipality: str | None = None) -> pd.DataFrame:
        """A report table in the spec's layout, indexed by row code.

        The index (named ``code``) holds each row's code: the item code (``"adp"``, so
        ``table("4.2").loc["adp"]`` works), qualified where one table shows an item twice or by another
        measure (``"adp:external"`` for pools and wage subsidies, ``"adp:share"``, ``"adp:2"`` for a repeated
        "Samlet" row; see :meth:`row_codes`), an indicator code (``"q.adp.samtale"``) or ``"heading:<label>"``.
        The first column ``label`` is the printed label without the layout prefixes ("*", "-") of the
        report; :meth:`format_table` draws them as indentation, and ``attrs["prefix"]`` holds them.

        By default the other columns are the municipalities in data-set order + ``Gns. kommuner``. A table
        whose spec defines ``columns`` (table 3.1) is about one municipality: pass ``municipality``; its
        columns are the spec's columns, a column with ``scope: "municipality"`` showing that municipality,
        ``scope: "all"`` all municipalities together. Heading rows are all-NaN.

        ``attrs`` holds ``table``, ``title``, ``bold``, ``format`` (one per row, or per column when
        ``format_by == "column"``), ``prefix`` and ``items`` (the item/indicator/group code of each row).
        """
        tables = self._tables()
        table_id = str(table_id)
        if table_id not in tables:
            raise SpecError(f"unknown table '{table_id}' (tables: {', '.join(tables) or 'none'})")
        spec_table = tables[table_id]
        rows = spec_table.get("rows", [])
        labels, bold, codes, prefixes = [], [], [], []
        for row in rows:
            label, b, code = self._row_meta(row)
            prefix, text = split_prefix(label)
            labels.append(text)
            prefixes.append(prefix)
            bold.append(b)
            codes.append(code)
        index = pd.Index(self.row_codes(rows), name="code", dtype=object)
        columns_spec = spec_table.get("columns")
        if columns_spec:
            if municipality is None:
                raise InputError(f"table {table_id} is about one municipality: pass municipality=...")
            j = self._mi(municipality)
            data = np.full((len(rows), len(columns_spec)), np.nan)
            col_labels, col_formats = [], []
            for c, col in enumerate(columns_spec):
                measure = str(col.get("measure", "productivity"))
                scope = str(col.get("scope", "municipality"))
                col_labels.append(f"{municipality}, {col.get('label', measure)}" if scope == "municipality"
                                  else str(col.get("label", measure)))
                col_formats.append(str(col.get("format", self._default_format(measure))))
                for k, row in enumerate(rows):
                    if "item" not in row and "group" not in row:
                        continue
                    vals, pooled = self._measure_values(row, measure, table_id)
                    if scope == "all":
                        data[k, c] = pooled if pooled is not None else self._compare_row(vals)
                    else:
                        data[k, c] = vals[j]
            formats = col_formats
        else:
            data = np.full((len(rows), len(self.municipalities) + 1), np.nan)
            formats = []
            for k, row in enumerate(rows):
                vals, mean, fmt = self._row_values(row, table_id)
                data[k, :-1] = vals
                data[k, -1] = mean
                formats.append(fmt)
            col_labels = [*self.municipalities, MEAN_COLUMN]
        frame = pd.DataFrame(data, index=index, columns=col_labels)
        frame.insert(0, "label", pd.Series(labels, index=index, dtype=object))
        frame.attrs.update({"table": table_id, "title": str(spec_table.get("title", "")), "bold": bold,
                            "format": formats, "format_by": "column" if columns_spec else "row",
                            "items": codes, "prefix": prefixes, "note": str(spec_table.get("note", ""))})
        if columns_spec:
            frame.attrs["municipality"] = municipality
        return frame

    def format_cells(self, table_id: str, municipality: str | None = None) -> pd.DataFrame:
        """:meth:`table` as text, every cell printed as in the report ("24,1", "12,4%", "-"), the
        ``label`` column with its layout prefix drawn as indentation (two spaces per level); for
        terminals and plain-text output."""
        t = self.table(table_id, municipality)
        values = t.drop(columns="label")
        fmts = t.attrs["format"]
        by_col = t.attrs["format_by"] == "column"
        cells = []
        for k in range(len(t)):
            line = []
            for c in range(values.shape[1]):
                f = fmts[c] if by_col else fmts[k]
                v = values.iat[k, c]
                line.append("" if f == "heading" or (by_col and np.isnan(v)) else fmt_value(v, f))
            cells.append(line)
        out = pd.DataFrame(cells, index=t.index, columns=values.columns)
        out.insert(0, "label", [indent_label(lbl, p) for lbl, p in zip(t["label"], t.attrs["prefix"])])
        out.attrs.update(t.attrs)
        return out

    def format_table(self, table_id: str, municipality: str | None = None) -> Any:
        """:meth:`table` as a pandas ``Styler``: numbers printed as in the report (Danish decimal comma,
        thousands point, "12,4%", "-" for zero or missing), bold rows bold, the layout prefixes drawn as
        indentation of the label, the mean column set apart and ``municipality``'s column highlighted.

        The Styler's ``data`` is :meth:`table` itself (numbers stay numbers); it renders in Jupyter and
        with ``.to_html()`` / ``.to_excel()``. For plain text use :meth:`format_cells`."""
        t = self.table(table_id, municipality)
        fmts = t.attrs["format"]
        by_col = t.attrs["format_by"] == "column"
        value_cols = [c for c in t.columns if c != "label"]
        styler = t.style
        if by_col:
            for c, col in enumerate(value_cols):
                f = fmts[c] if c < len(fmts) else "decimal"
                styler = styler.format(lambda v, f=f: "" if _nan(v) else fmt_value(v, f), subset=[col])
        else:
            for k, code in enumerate(t.index):
                f = fmts[k]
                styler = styler.format((lambda v: "") if f == "heading" else (lambda v, f=f: fmt_value(v, f)),
                                       subset=pd.IndexSlice[[code], value_cols])
        prefixes = list(t.attrs["prefix"])
        bold = list(t.attrs["bold"])

        def row_style(row: pd.Series) -> list[str]:
            k = t.index.get_loc(row.name)
            weight = "font-weight: bold;" if bold[k] or (not by_col and fmts[k] == "heading") else ""
            return [weight + (f"padding-left: {1.2 * prefix_level(prefixes[k]):.1f}em; text-align: left;"
                              if col == "label" else "") for col in t.columns]

        styler = styler.apply(row_style, axis=1)
        if MEAN_COLUMN in value_cols:
            styler = styler.set_properties(subset=[MEAN_COLUMN], **{"border-left": "1px solid #999"})
        if municipality is not None and municipality in value_cols:
            styler = styler.set_properties(subset=[municipality], **{"background-color": "#fdebd0"})
        caption = f"Tabel {t.attrs['table']}: {t.attrs['title']}".rstrip(": ")
        return styler.set_caption(caption)

    def _repr_html_(self) -> str:
        """Jupyter display: spec, municipalities, items and the main tasks' productivity (value per
        municipality and the mean)."""
        from .._html import results_html

        rows = [self.root, *self.children(self.root)]
        frame = self.productivity.loc[rows]
        frame.insert(0, "label", self.items.loc[rows, "label"])
        frame[MEAN_COLUMN] = self.mean.loc[rows]
        frame.index.name = "code"
        return results_html(
            "BenchmarkResults",
            [("Spec", self.spec.name), ("Kommuner", f"{len(self.municipalities)}: {', '.join(self.municipalities)}"),
             ("Opgaver og aggregater", f"{len(self.items)}"),
             ("Tabeller", ", ".join(self.tables().index))],
            frame, "Produktivitet (årsværk pr. 1.000 årspersoner)")

    def __repr__(self) -> str:
        return (f"BenchmarkResults({self.spec.name!r}, municipalities={len(self.municipalities)}, "
                f"items={len(self.items)})")
