"""Synthetic person-week panels for tests, benchmarks and examples (seeded, reproducible).

The data are invented: they only look like register data (spells on and off benefits, transitions
between groups, offers of every type with pauses and switches, conversations, sickness spells with
partial sick leave, persons moving municipality). Generation is numpy-vectorised and chunked by
persons, so panels of tens of millions of person-weeks are written without holding more than one
chunk::

    panel = jobbench.synthetic_panel(persons=10_000, seed=1)          # pandas, categorical codes
    jobbench.synthetic_panel_to_ipc("panel.arrow", persons=2_000_000)  # Arrow IPC file, by chunks
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, Sequence

import numpy as np
import pandas as pd

from .. import _core

__all__ = ["synthetic_panel", "iter_synthetic_panel", "synthetic_panel_to_ipc", "persons_for_rows",
           "SYNTHETIC_MUNICIPALITIES"]

# Group mix of benefit spells (register groups of the 2013 spec) and mean spell lengths in weeks.
_GROUPS = ["adp_o30", "adp_u30", "udd_o30", "udd_u30", "kh1_o30", "kh1_u30", "kh23_o30", "kh23_u30",
           "syg", "ly", "reval", "jc_oevrige", "other"]
_GROUP_P = np.array([.19, .07, .02, .01, .06, .05, .09, .05, .17, .04, .01, .03, .21])
_MEAN_LEN = np.array([18, 12, 20, 20, 16, 14, 40, 30, 10, 35, 45, 25, 60], dtype=float)
_OFFERS = ["none", "vejl", "udd", "lt_priv", "lt_off", "praktik_priv", "praktik_off"]
_OFFER_P = np.array([.35, .10, .10, .10, .20, .15])  # given that a block has an offer
_CONVERSATIONS = np.array([.45, .5, .4, .4, .35, .4, .25, .3, .3, .25, .3, .2, 0.0])


def _municipality_codes(count: int) -> np.ndarray:
    """The 15 municipalities of the 2013 benchmark (real kommune_nr, so the panel can be set beside
    the 2013 data set), then invented codes 901, 902, ... (outside the real 101-860 range)."""
    real = [540, 573, 306, 316, 320, 326, 329, 330, 336, 340, 350, 360, 370, 376, 390]
    try:
        from .frames import municipality_names

        real = sorted(municipality_names("benchmark2013")) or real
    except Exception:  # noqa: BLE001 - fall back to the list above
        pass
    real = real[:count]
    return np.array(real + list(range(901, 901 + count - len(real))), dtype=np.int32)


SYNTHETIC_MUNICIPALITIES = 98


def _chunk(rng: np.random.Generator, first_person: int, n: int, munis: np.ndarray,
           muni_p: np.ndarray, w0: int, weeks: int, max_spells: int = 4) -> pd.DataFrame:
    G = len(_GROUPS)
    # --- spells: up to max_spells per person, sequential, separated by gaps -------------------
    grp = rng.choice(G, size=(n, max_spells), p=_GROUP_P)
    length = np.maximum(1, rng.geometric(1.0 / _MEAN_LEN[grp])).astype(np.int64)
    gap = 1 + rng.geometric(1.0 / 16.0, size=(n, max_spells))
    start0 = rng.integers(-40, weeks, size=n)
    offsets = np.cumsum(length + gap, axis=1) - (length + gap)
    start = start0[:, None] + offsets
    end = np.minimum(start + length, weeks)  # exclusive, clipped at the panel's end
    start_c = np.maximum(start, 0)
    keep = end > start_c
    person = np.broadcast_to(np.arange(n)[:, None], (n, max_spells))[keep]
    s_start, s_len, s_grp = start_c[keep], (end - start_c)[keep], grp[keep]
    s_first = start[keep]  # unclipped start: week offsets inside the spell count from here
    ns = s_start.size
    # a group transition inside 15% of spells, at a random point
    switch_at = np.where(rng.random(ns) < 0.15, rng.integers(1, 60, size=ns), np.iinfo(np.int64).max)
    grp2 = rng.choice(G, size=ns, p=_GROUP_P)
    # sickness: partial sick leave from some week of the spell on (30% of spells)
    partial_from = np.where(rng.random(ns) < 0.3, rng.integers(0, 12, size=ns), np.iinfo(np.int64).max)
    # --- expand spells to weeks ------------------------------------------------------------------
    total = int(s_len.sum())
    spell = np.repeat(np.arange(ns), s_len)
    pos = np.arange(total) - np.repeat(np.cumsum(s_len) - s_len, s_len)
    widx = s_start[spell] + pos
    in_spell = widx - s_first[spell]
    group = np.where(in_spell >= switch_at[spell], grp2[spell], s_grp[spell]).astype(np.int8)
    pers = person[spell]
    # --- municipality, with a move for 3% of persons --------------------------------------------
    home = rng.choice(len(munis), size=n, p=muni_p)
    moved_to = rng.choice(len(munis), size=n, p=muni_p)
    move_at = np.where(rng.random(n) < 0.03, rng.integers(0, weeks, size=n), np.iinfo(np.int64).max)
    muni = munis[np.where(widx >= move_at[pers], moved_to[pers], home[pers])]
    # --- offers: blocks of weeks (new block with prob. .2 each week or at a spell start), each block
    # with no offer (55%) or one type: pauses and switches of every length arise -----------------
    brk = (rng.random(total) < 0.2) | (pos == 0)
    block = np.cumsum(brk) - 1
    nb = int(block[-1]) + 1 if total else 0
    has = rng.random(nb) < 0.45
    btype = np.where(has, 1 + rng.choice(len(_OFFER_P), size=nb, p=_OFFER_P), 0)
    offer = btype[block].astype(np.int8)
    offer[group == G - 1] = 0  # other public support: no job-centre offers
    # --- the rest ----------------------------------------------------------------------------------
    conversations = rng.poisson(_CONVERSATIONS[group]).astype(np.int32)
    u = rng.random(total)
    share = np.ones(total)
    grid = u < 0.10
    share[grid] = rng.choice([0.2, 0.4, 0.5, 0.6, 0.8], size=int(grid.sum()))
    free = (u >= 0.10) & (u < 0.15)
    share[free] = rng.uniform(0.01, 1.0, size=int(free.sum()))
    sick = group == _GROUPS.index("syg")
    partial = sick & (in_spell >= partial_from[spell])
    first = _core.iso_week_index(w0)
    weeks_yyyyww = np.array([_core.iso_week_from_index(first + k) for k in range(weeks)], dtype=np.int32)
    return pd.DataFrame({
        "person": (first_person + pers).astype(np.int64),
        "week": weeks_yyyyww[widx],
        "municipality": muni,
        "group": pd.Categorical.from_codes(group, categories=_GROUPS),
        "benefit_share": share,
        "offer": pd.Categorical.from_codes(offer, categories=_OFFERS),
        "conversations": conversations,
        "partial_sick": partial,
    })


def iter_synthetic_panel(persons: int, *, seed: int = 0, municipalities: int = SYNTHETIC_MUNICIPALITIES,
                         first_week: int = 201140, last_week: int = 201352,
                         chunk_persons: int = 250_000) -> Iterator[pd.DataFrame]:
    """Yield the panel in chunks of ``chunk_persons`` persons, sorted by person and week. The same
    arguments always give the same panel."""
    w0 = _core.iso_week_index(first_week)
    weeks = _core.iso_week_index(last_week) - w0 + 1
    munis = _municipality_codes(municipalities)
    size = np.random.default_rng([seed, 0]).lognormal(0.0, 0.9, size=len(munis))
    muni_p = size / size.sum()
    for k, lo in enumerate(range(0, persons, chunk_persons)):
        n = min(chunk_persons, persons - lo)
        rng = np.random.default_rng([seed, 1, k])
        yield _chunk(rng, 1_000_000 + lo, n, munis, muni_p, first_week, weeks)


def synthetic_panel(persons: int = 10_000, *, seed: int = 0, municipalities: int = SYNTHETIC_MUNICIPALITIES,
                    first_week: int = 201140, last_week: int = 201352,
                    chunk_persons: int = 250_000) -> pd.DataFrame:
    """A synthetic person-week panel as one pandas DataFrame (see the module docstring).

    Default weeks 2011W40-2013W52 cover the 2013 measurement period, its job-rate weeks and more
    than 4 weeks before it. Columns as in docs/register-indicators.md; ``group`` and ``offer`` are
    categoricals of the 2013 spec's register codes.
    """
    parts = list(iter_synthetic_panel(persons, seed=seed, municipalities=municipalities,
                                      first_week=first_week, last_week=last_week,
                                      chunk_persons=chunk_persons))
    if len(parts) == 1:
        return parts[0]
    return pd.concat(parts, ignore_index=True)


def persons_for_rows(rows: int, **kwargs: Any) -> int:
    """Number of persons that gives about ``rows`` person-weeks (estimated on a 20,000-person sample)."""
    sample = next(iter_synthetic_panel(20_000, seed=12345, chunk_persons=20_000, **kwargs))
    return max(1, int(round(rows * 20_000 / len(sample))))


def synthetic_panel_to_ipc(path: str | Path, persons: int, *, seed: int = 0,
                           chunk_persons: int = 250_000, **kwargs: Any) -> dict[str, Any]:
    """Write a synthetic panel to an uncompressed Arrow IPC file, one record batch per chunk of
    persons (batches hold disjoint, ascending person ranges, so jobbench reads them without a copy).
    Returns ``{"rows": ..., "persons": ..., "bytes": ...}``."""
    import pyarrow as pa

    rows = 0
    writer = None
    try:
        for chunk in iter_synthetic_panel(persons, seed=seed, chunk_persons=chunk_persons, **kwargs):
            table = pa.Table.from_pandas(chunk, preserve_index=False)
            if writer is None:
                writer = pa.ipc.new_file(str(path), table.schema)
            writer.write_table(table)
            rows += len(chunk)
    finally:
        if writer is not None:
            writer.close()
    return {"rows": rows, "persons": persons, "bytes": Path(path).stat().st_size}
