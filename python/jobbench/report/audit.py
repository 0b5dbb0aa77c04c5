"""The case-audit report (docs/audit.md, "Report"): shares with intervals per theme, a
dot-and-interval chart per criterion across municipalities, cross matrices, and Danish text that
says "signifikant" only where the Bonferroni-adjusted Newcombe comparison says so.

Small cells are suppressed as elsewhere: a share resting on fewer than ``threshold`` judged cases
is printed as ".", and no sentence is written about it.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Optional, Sequence, Union

import pandas as pd

from ..audit import compare, cross, load_catalogue, plot_shares, shares
from ..audit.catalogue import CatalogueLike
from .language import SUPPRESSED

__all__ = ["audit_sentences", "write_audit_report"]

PathLike = Union[str, Path]


def _pct(share: float, lower: float, upper: float, n: int, threshold: float) -> str:
    if n < threshold or n == 0:
        return SUPPRESSED
    return f"{100 * share:.0f} % ({100 * lower:.0f}-{100 * upper:.0f})"


def audit_sentences(cases: pd.DataFrame, municipality: str, *, catalogue: CatalogueLike = "audit2022",
                    frame: Optional[pd.DataFrame] = None, weights: str = "none", level: float = 0.95,
                    threshold: float = 5) -> list[str]:
    """One Danish sentence per criterion: the municipality against the other municipalities pooled.
    "signifikant" appears only where the interval of the difference excludes 0 after the Bonferroni
    correction for the number of municipalities; small cells get no sentence."""
    cat = load_catalogue(catalogue)
    names = dict(zip(cat["criterion"], cat["name"]))
    rows = compare(cases, list(cat["criterion"]), municipality, weights=weights, frame=frame, level=level,
                   catalogue=cat)
    out = []
    for row in rows.to_dict("records"):
        criterion = row["criterion"]
        if row["n"] < threshold or row["n_other"] < threshold:
            continue
        head = (f"{names[criterion]}: {municipality} {100 * row['share']:.0f} %, de øvrige kommuner "
                f"{100 * row['share_other']:.0f} %")
        if row["significant_adjusted"]:
            side = "højere" if row["difference"] > 0 else "lavere"
            out.append(f"{head}; andelen er signifikant {side} (også efter korrektion for "
                       f"{int(row['comparisons'])} sammenligninger).")
        else:
            out.append(f"{head}; forskellen kan skyldes tilfældigheder i stikprøven.")
    return out


def _theme_tables(pooled: pd.DataFrame, local: Optional[pd.DataFrame], cat: pd.DataFrame,
                  municipality: Optional[str], threshold: float) -> list[str]:
    parts = []
    joined = cat.merge(pooled, on="criterion", how="left")
    if local is not None:
        joined = joined.merge(local, on="criterion", how="left", suffixes=("", "_m"))
    for theme, rows in joined.groupby("theme", sort=False):
        head = "<tr><th>Undersøgelsespunkt</th><th>Lovgrundlag</th><th>Alle: andel Ja (interval)</th><th>n</th>"
        head += f"<th>{html.escape(municipality)}</th><th>n</th></tr>" if municipality else "</tr>"
        body = []
        for r in rows.itertuples(index=False):
            cells = [html.escape(r.name), html.escape(r.legal_basis),
                     _pct(r.share, r.lower, r.upper, r.n, threshold), str(r.n)]
            if local is not None:
                cells += [_pct(r.share_m, r.lower_m, r.upper_m, r.n_m, threshold), str(r.n_m)]
            body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        parts.append(f"<h2>{html.escape(theme)}</h2><table>{head}{''.join(body)}</table>")
    return parts


def _cross_table(table: pd.DataFrame, a: str, b: str, threshold: float) -> str:
    shown = table[table["count"] > 0]
    wide = shown.pivot(index=a, columns=b, values="count").fillna(0).astype(int)
    wide = wide.map(lambda v: SUPPRESSED if 0 < v < threshold else str(v))
    head = "<tr><th>" + html.escape(f"{a} \\ {b}") + "</th>" + "".join(
        f"<th>{html.escape(str(c))}</th>" for c in wide.columns) + "</tr>"
    body = "".join("<tr><th>" + html.escape(str(i)) + "</th>" + "".join(f"<td>{v}</td>" for v in row)
                   + "</tr>" for i, row in wide.iterrows())
    return f"<h3>{html.escape(a)} × {html.escape(b)} (antal sager)</h3><table>{head}{body}</table>"


def write_audit_report(cases: pd.DataFrame, out: PathLike, *, catalogue: CatalogueLike = "audit2022",
                       municipality: Optional[str] = None, frame: Optional[pd.DataFrame] = None,
                       weights: str = "none", level: float = 0.95, threshold: float = 5,
                       charts: Optional[Sequence[str]] = None,
                       crosses: Sequence[tuple[str, str]] = ()) -> dict[str, Path]:
    """Write ``out/sagsgennemgang.html`` and one PNG chart per criterion of ``charts`` (default: the
    first criterion of each theme). Returns the paths by name."""
    cat = load_catalogue(catalogue)
    outdir = Path(out)
    outdir.mkdir(parents=True, exist_ok=True)
    pooled = shares(cases, scope="audited", weights=weights, frame=frame, level=level, catalogue=cat)
    per = shares(cases, weights=weights, frame=frame, level=level, catalogue=cat)
    local = None
    if municipality is not None:
        local = per[per["municipality"] == municipality].drop(columns="municipality")
    paths: dict[str, Path] = {}
    parts = [f"<h1>Sagsgennemgang{': ' + html.escape(municipality) if municipality else ''}</h1>",
             f"<p>Andel af de vurderede sager med Ja; {100 * level:.0f} %-intervaller; celler med færre "
             f"end {threshold:g} vurderede sager vises som '{SUPPRESSED}'.</p>"]
    parts += _theme_tables(pooled, local, cat, municipality, threshold)
    if municipality is not None:
        sentences = audit_sentences(cases, municipality, catalogue=cat, frame=frame, weights=weights,
                                    level=level, threshold=threshold)
        parts.append("<h2>Sammenligning med de øvrige kommuner</h2><ul>"
                     + "".join(f"<li>{html.escape(s)}</li>" for s in sentences) + "</ul>")
    chosen = list(charts) if charts is not None else list(cat.groupby("theme", sort=False)["criterion"].first())
    for criterion in chosen:
        figure = plot_shares(per, criterion, highlight=municipality, level=level,
                             title=str(cat.set_index("criterion").loc[criterion, "name"]))
        path = outdir / f"andel_{criterion}.png"
        figure.savefig(path, dpi=120, metadata={"Software": None})
        paths[f"chart_{criterion}"] = path
        parts.append(f'<img src="{path.name}" alt="{html.escape(criterion)}">')
    for a, b in crosses:
        parts.append(_cross_table(cross(cases, a, b, weights=weights, frame=frame, catalogue=cat), a, b,
                                  threshold))
    page = ("<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\"><title>Sagsgennemgang</title>"
            "</head><body>" + "".join(parts) + "</body></html>")
    paths["html"] = outdir / "sagsgennemgang.html"
    paths["html"].write_text(page, encoding="utf-8")
    return paths


