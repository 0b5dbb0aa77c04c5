"""The case-audit data set ``audit2022`` (seed 003, STAR/BDO 2022), reconstructed; see its README."""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

import pandas as pd

__all__ = ["AuditDataset", "audit2022"]

CASE_LEVEL = ["municipality", "case", "target_group", "stratum", "koen", "retning", "udfordringer"]


@dataclass
class AuditDataset:
    """A case audit: judgements, frame and the published figures.

    Attributes
    ----------
    cases : pandas.DataFrame
        The long input of :func:`jobbench.audit.shares`: one row per municipality x case x
        criterion with ``target_group``, ``stratum``, ``outcome`` and the domains ``koen``,
        ``retning`` and ``udfordringer``.
    wide : pandas.DataFrame
        The same, one row per case and one column per criterion (as stored).
    frame : pandas.DataFrame
        ``municipality, target_group, stratum, N`` (N_h at 1 March 2020; split reconstructed).
    catalogue : str
        Name of the criteria catalogue (``jobbench.audit.load_catalogue(catalogue)``).
    published : pandas.DataFrame
        The seed's figures: ``figure, criterion, domain, value, numerator, denominator, printed``.
    """

    name: str
    cases: pd.DataFrame
    wide: pd.DataFrame
    frame: pd.DataFrame
    catalogue: str
    published: pd.DataFrame
    readme: str = field(default="", repr=False)

    @property
    def municipalities(self) -> list[str]:
        """The 25 municipalities in the order of Table 11."""
        return list(pd.unique(self.frame["municipality"]))


def _csv(name: str) -> pd.DataFrame:
    with resources.files(__package__).joinpath("audit2022", name).open("r", encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


def audit2022() -> AuditDataset:
    """STAR's 2022 revision of long-term activity-ready cash-benefit recipients (BDO): 375 cases,
    15 per municipality (5 per seniority stratum) in 25 municipalities, 38 review points; the
    outcomes are reconstructed to reproduce every published count (README)."""
    wide = _csv("cases.csv")
    criteria = [c for c in wide.columns if c not in CASE_LEVEL]
    long = wide.melt(id_vars=CASE_LEVEL, value_vars=criteria, var_name="criterion", value_name="outcome")
    long = long.sort_values(["municipality", "case"], kind="stable").reset_index(drop=True)
    frame = _csv("frame.csv")
    frame["N"] = frame["N"].astype("int64")
    published = _csv("published.csv")
    for column in ("numerator", "denominator", "printed"):
        published[column] = pd.to_numeric(published[column], errors="coerce")
    readme = resources.files(__package__).joinpath("audit2022", "README.md").read_text(encoding="utf-8")
    return AuditDataset(name="audit2022", cases=long, wide=wide, frame=frame, catalogue="audit2022",
                        published=published, readme=readme)
