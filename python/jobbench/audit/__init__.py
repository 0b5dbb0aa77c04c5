"""Case audits (sagsgennemgang): sample the cases, record the judgements, report the shares with
honest intervals (docs/audit.md; the contract is the spec case-audit.md).

::

    from jobbench import audit
    data = jobbench.datasets.audit2022()               # seed 003: 375 cases, 25 municipalities
    audit.shares(data.cases, catalogue=data.catalogue)   # per municipality x criterion, Wilson on n/deff
    audit.shares(data.cases, scope="audited", weights="design", frame=data.frame)
    audit.compare(data.cases, "koordinering", "Odense")  # Newcombe, Bonferroni over 25
    audit.cross(data.cases, "evne_deltage_stabilt", "udfordringer")
    audit.sample(case_list, 15, rule="equal", seed=2020)
    audit.sample_size(0.10)                            # 97
"""
from __future__ import annotations

from .cases import OUTCOMES, AuditWarning, check_cases, check_frame, from_wide
from .catalogue import CATALOGUE_COLUMNS, catalogues, load_catalogue
from .estimate import SCOPES, compare, cross, shares
from .plotting import plot_shares
from .sampling import allocation, design_effect, sample, sample_size
from .workbook import read_judgements, write_draw_list, write_template

__all__ = ["AuditWarning", "CATALOGUE_COLUMNS", "OUTCOMES", "SCOPES", "allocation", "catalogues",
           "check_cases", "check_frame", "compare", "cross", "design_effect", "from_wide",
           "load_catalogue", "plot_shares", "read_judgements", "sample", "sample_size", "shares", "write_draw_list",
           "write_template"]
