"""The wide layout (one row per person, one column per week, as in the DREAM register) to the panel."""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from .. import _core
from .._errors import InputError
from ..spec import SpecLike, load_spec
from .panel import _int_column, _pandas_values, _Rows

__all__ = ["OTHER_SUPPORT", "SELF_SUPPORTING", "from_wide"]

SELF_SUPPORTING = "self-supporting"
OTHER_SUPPORT = "other public support"


def from_wide(frame: pd.DataFrame, mapping: Mapping[Any, Any], *, person: str = "person",
              municipality: str = "municipality", weeks: Sequence[Any] | None = None,
              spec: SpecLike = "benchmark2013", other_group: str = "other") -> pd.DataFrame:
    """Convert the wide layout (one row per person, one column per week holding a benefit code, as
    in the DREAM register) to the person-week panel.

    ``mapping`` maps each code to a register group code, to ``(group, offer)``, to
    :data:`OTHER_SUPPORT` (other public support: the spec group ``other_group``) or to
    :data:`SELF_SUPPORTING` (no row). Empty cells (NaN/None) are self-supporting weeks. A code that
    is not in the mapping is an error naming the code, its first cell and the number of cells.
    ``weeks`` are the week columns (YYYYWW, as int or str); default: every column whose name is a
    valid ISO week. ``benefit_share`` is 1, ``conversations`` 0 and ``partial_sick`` False (the wide
    layout does not carry them).
    """
    core = load_spec(spec).register
    if person not in frame.columns or municipality not in frame.columns:
        raise InputError(f"wide panel: needs columns '{person}' and '{municipality}'")
    if weeks is None:
        weeks = [c for c in frame.columns if str(c).isdigit() and len(str(c)) == 6
                 and _core.is_valid_iso_week(int(str(c)))]
    if not weeks:
        raise InputError("wide panel: no week columns (names YYYYWW)")
    week_values = np.array([int(str(w)) for w in weeks], dtype=np.int32)
    for w, c in zip(week_values, weeks):
        if not _core.is_valid_iso_week(int(w)):
            raise InputError(f"wide panel: column '{c}' is not a valid ISO week YYYYWW")
    order = np.argsort(_core.iso_week_index_array(week_values), kind="stable")
    week_values = week_values[order]
    cells = frame[[weeks[i] for i in order]].to_numpy()
    flat = cells.ravel()  # row-major: person by person, weeks ascending
    codes, uniques = pd.factorize(flat, use_na_sentinel=True)
    groups = list(core.group_codes)
    offers = [core.no_offer] + list(core.offer_codes)
    g_of = np.full(len(uniques), -1, dtype=np.int32)
    o_of = np.zeros(len(uniques), dtype=np.int32)
    for k, code in enumerate(uniques):
        if code not in mapping:
            hits = np.flatnonzero(codes == k)
            r, c = divmod(int(hits[0]), len(week_values))
            raise InputError(f"wide panel row {r}, week {week_values[c]}: code {code!r} is not in the "
                             f"mapping ({hits.size} cells hold it); map it to a group, to "
                             f"OTHER_SUPPORT or to SELF_SUPPORTING")
        target = mapping[code]
        if target == SELF_SUPPORTING:
            continue
        offer = core.no_offer
        if target == OTHER_SUPPORT:
            target = other_group
        elif isinstance(target, tuple):
            target, offer = target
        if target not in groups:
            raise InputError(f"wide panel: code {code!r} maps to group {target!r}, which is not in the spec")
        if offer not in offers:
            raise InputError(f"wide panel: code {code!r} maps to offer {offer!r}, which is not in the spec")
        g_of[k] = groups.index(target)
        o_of[k] = offers.index(offer)
    keep = np.flatnonzero(codes >= 0)
    keep = keep[g_of[codes[keep]] >= 0]
    r, c = np.divmod(keep, len(week_values))
    wide_rows = _Rows("(wide layout)")
    persons = _int_column(_pandas_values(frame[person], person, wide_rows), person, np.int64, wide_rows)
    munis = _int_column(_pandas_values(frame[municipality], municipality, wide_rows), municipality,
                        np.int32, wide_rows)
    return pd.DataFrame({
        "person": persons[r],
        "week": week_values[c],
        "municipality": munis[r],
        "group": pd.Categorical.from_codes(g_of[codes[keep]], categories=groups),
        "benefit_share": np.ones(keep.size),
        "offer": pd.Categorical.from_codes(o_of[codes[keep]], categories=offers),
        "conversations": np.zeros(keep.size, dtype=np.int32),
        "partial_sick": np.zeros(keep.size, dtype=bool),
    })
