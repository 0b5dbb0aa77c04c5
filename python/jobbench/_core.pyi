"""Typed stubs for jobbench._core, the pybind11 bindings of the C++ core (docs/design.md, section 5).

Matrices are numpy arrays with rows = items (tasks in spec order, then aggregates) and
columns = municipalities; every property access returns a fresh, writeable copy.
"""

from __future__ import annotations

import enum
from typing import Any, ClassVar, Optional, Sequence, TypedDict, Union

import numpy as np
import numpy.typing as npt

__version__: str

class InputError(ValueError):
    """Invalid input rows; message "<table> row <i> (<municipality>, <key>): <rule>"."""

class SpecError(ValueError):
    """Invalid benchmark spec; the message names the offending code."""

# --- spec -------------------------------------------------------------------------------------

class TargetGroup:
    @property
    def code(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def components(self) -> list[str]: ...
    @property
    def is_composite(self) -> bool: ...

class TaskNode:
    @property
    def code(self) -> str: ...
    @property
    def parent(self) -> str:
        """Parent task code; "" for the root."""
    @property
    def label(self) -> str: ...
    @property
    def divisor(self) -> str:
        """Divisor group code as written in the spec; "" if inherited from the parent."""
    @property
    def tags(self) -> list[str]: ...
    @property
    def area(self) -> str: ...

class Aggregate:
    @property
    def code(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def tags(self) -> list[str]: ...
    @property
    def area(self) -> str: ...
    @property
    def divisor(self) -> str: ...

class ClassBasis:
    own: ClassVar[ClassBasis]
    area: ClassVar[ClassBasis]
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...

class ClassThresholds:
    same: float
    slightly: float
    plain: float
    considerably: float
    basis: ClassBasis
    def __init__(
        self,
        same: float = 0.05,
        slightly: float = 0.15,
        plain: float = 0.25,
        considerably: float = 0.40,
        basis: ClassBasis = ...,
    ) -> None: ...

class BenchmarkSpec:
    @staticmethod
    def from_json_string(json: str) -> BenchmarkSpec: ...
    @staticmethod
    def from_json_file(path: str) -> BenchmarkSpec: ...
    def validate(self) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def population_label(self) -> str: ...
    @property
    def target_groups(self) -> list[TargetGroup]: ...
    @property
    def tasks(self) -> list[TaskNode]: ...
    @property
    def aggregates(self) -> list[Aggregate]: ...
    @property
    def employment_weights(self) -> dict[str, float]: ...
    @property
    def classes(self) -> ClassThresholds: ...

# --- verbal classes ---------------------------------------------------------------------------

class Language(enum.Enum):
    Danish = 0
    English = 1

CLASS_NONE: int  # -5, "ingen": value 0 while the mean is positive
CLASS_MARKEDLY_FEWER: int  # -4
CLASS_CONSIDERABLY_FEWER: int  # -3
CLASS_FEWER: int  # -2
CLASS_SLIGHTLY_FEWER: int  # -1
CLASS_SAME: int  # 0
CLASS_SLIGHTLY_MORE: int  # 1
CLASS_MORE: int  # 2
CLASS_CONSIDERABLY_MORE: int  # 3
CLASS_MARKEDLY_MORE: int  # 4
CLASS_MISSING: int  # -9, value missing or no relative difference defined

def classify(diff_rel: float, value: float, mean: float, thresholds: ClassThresholds) -> int: ...
def class_label(code: int, language: Language = Language.Danish) -> str: ...

# --- data -------------------------------------------------------------------------------------

_Codes = npt.ArrayLike  # converted to contiguous int32 (no copy if already int32)
_Values = npt.ArrayLike  # converted to contiguous float64 (no copy if already float64)

class InputTable(enum.Enum):
    fte = ...
    person_years = ...
    population = ...

MAX_CSV_BYTES: int

def escape_text(text: str) -> str:
    """User text made safe for a one-line message (control characters, non-UTF-8 bytes escaped)."""

def find_name(names: Sequence[str], query: str, what: str) -> int:
    """Index of ``query`` in ``names``: exact, else ignoring case; InputError with a suggestion."""

def closest_name(candidates: Sequence[str], query: str) -> str:
    """The candidate a typo most likely meant, or ``""``."""

def format_da(value: float, decimals: int = 1, missing: str = "") -> str:
    """A number as Danish reports print it: ``2.850``, ``24,1``."""

class CsvColumns(TypedDict):
    header: list[str]
    columns: dict[str, Union[list[str], npt.NDArray[np.float64]]]
    lines: npt.NDArray[np.int64]
    separator: str
    decimal: str
    encoding: str

def read_csv(
    path: str,
    required: Sequence[str] = ...,
    numeric: Sequence[str] = ...,
    separator: str = "",
    decimal: str = "",
    encoding: str = "",
    max_bytes: int = ...,
) -> CsvColumns: ...

class BenchmarkData:
    def __init__(self, spec: BenchmarkSpec, municipalities: Sequence[str]) -> None: ...
    def add_fte(
        self, municipality: str, task: str, fte: float, fte_external: float = 0.0
    ) -> None: ...
    def add_person_years(self, municipality: str, group: str, value: float) -> None: ...
    def set_population(self, municipality: str, value: float) -> None: ...
    def add_fte_columns(
        self,
        municipality_categories: Sequence[str],
        municipality_codes: _Codes,
        task_categories: Sequence[str],
        task_codes: _Codes,
        fte: _Values,
        fte_external: Optional[_Values] = None,
    ) -> None:
        """Adds FTE rows given as categorical codes (e.g. pandas.Categorical.codes)."""
    def add_person_years_columns(
        self,
        municipality_categories: Sequence[str],
        municipality_codes: _Codes,
        group_categories: Sequence[str],
        group_codes: _Codes,
        values: _Values,
    ) -> None: ...
    def set_population_columns(
        self,
        municipality_categories: Sequence[str],
        municipality_codes: _Codes,
        values: _Values,
    ) -> None: ...
    def set_source(self, table: InputTable, file: str, lines: Sequence[int]) -> None: ...
    def where(self, table: InputTable, row: int) -> str: ...
    def validate(self) -> None: ...
    @property
    def spec(self) -> BenchmarkSpec: ...
    @property
    def municipalities(self) -> list[str]: ...
    @property
    def fte_row_count(self) -> int: ...
    @property
    def person_years_row_count(self) -> int: ...
    @property
    def population_row_count(self) -> int: ...

def load_benchmark_csv(
    spec: BenchmarkSpec,
    fte_csv: str,
    person_years_csv: str,
    population_csv: str = "",
    municipalities: Optional[Sequence[str]] = None,
    separator: str = "",
    decimal: str = "",
    encoding: str = "",
) -> BenchmarkData: ...

# --- computation ------------------------------------------------------------------------------

class ResultItem:
    @property
    def code(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def kind(self) -> str:
        """"task" or "aggregate"."""
    @property
    def parent(self) -> str: ...
    @property
    def divisor(self) -> str:
        """Effective divisor group code (inherited if the spec leaves it out)."""
    @property
    def depth(self) -> int:
        """0 for the root, 1 for its children, ...; aggregates have depth 1."""

UNALLOCATED_DECOMPOSITION_ITEM: str  # "(unallocated)"

class BenchmarkResult:
    @property
    def municipalities(self) -> list[str]: ...
    @property
    def items(self) -> list[ResultItem]: ...
    @property
    def thresholds(self) -> ClassThresholds: ...
    # items x municipalities, float64
    @property
    def fte(self) -> npt.NDArray[np.float64]: ...
    @property
    def fte_external(self) -> npt.NDArray[np.float64]: ...
    @property
    def unallocated(self) -> npt.NDArray[np.float64]:
        """FTE of a task not assigned to its sub-tasks; NaN for aggregates."""
    @property
    def person_years(self) -> npt.NDArray[np.float64]: ...
    @property
    def productivity(self) -> npt.NDArray[np.float64]: ...
    @property
    def productivity_external(self) -> npt.NDArray[np.float64]: ...
    @property
    def share(self) -> npt.NDArray[np.float64]: ...
    @property
    def fte_per_1000_population(self) -> npt.NDArray[np.float64]: ...
    @property
    def diff_abs(self) -> npt.NDArray[np.float64]: ...
    @property
    def diff_rel(self) -> npt.NDArray[np.float64]: ...
    @property
    def class_ratio(self) -> npt.NDArray[np.float64]: ...
    # items x municipalities, int32
    @property
    def rank(self) -> npt.NDArray[np.int32]: ...
    @property
    def verbal_class(self) -> npt.NDArray[np.int32]: ...
    # per item
    @property
    def mean(self) -> npt.NDArray[np.float64]: ...
    @property
    def weighted_mean(self) -> npt.NDArray[np.float64]: ...
    @property
    def median(self) -> npt.NDArray[np.float64]: ...
    # per municipality
    @property
    def population(self) -> npt.NDArray[np.float64]: ...
    @property
    def total_difference(self) -> npt.NDArray[np.float64]: ...
    # decomposition: rows = decomposition_items (root children [+ "(unallocated)"])
    @property
    def decomposition_items(self) -> list[str]: ...
    @property
    def decomposition_productivity(self) -> npt.NDArray[np.float64]: ...
    @property
    def decomposition_mix(self) -> npt.NDArray[np.float64]: ...
    @property
    def decomposition_interaction(self) -> npt.NDArray[np.float64]: ...
    def item_index(self, code: str) -> int:
        """Row of an item; KeyError if unknown."""
    def municipality_index(self, name: str) -> int:
        """Column of a municipality; KeyError if unknown."""

class ComputeOptions:
    subtask_tolerance: float
    def __init__(self, subtask_tolerance: float = 1e-9) -> None: ...

def compute(data: BenchmarkData, options: ComputeOptions = ...) -> BenchmarkResult: ...

class Comparison:
    @property
    def mean(self) -> npt.NDArray[np.float64]: ...
    @property
    def median(self) -> npt.NDArray[np.float64]: ...
    @property
    def diff_abs(self) -> npt.NDArray[np.float64]: ...
    @property
    def diff_rel(self) -> npt.NDArray[np.float64]: ...
    @property
    def rank(self) -> npt.NDArray[np.float64]:
        """Competition ranking (1 = best); NaN where the value is missing."""
    @property
    def verbal_class(self) -> npt.NDArray[np.int32]: ...

def compare(
    values: npt.ArrayLike,
    higher_is_better: bool,
    thresholds: ClassThresholds = ...,
) -> Comparison: ...

# --- Staff time registration (staff.hpp, uncertainty.hpp; docs/staff-time.md) ---------------------

class StaffOptions:
    hours_per_fte: float
    max_fte_fraction: float
    share_tolerance: float
    units: list[str]
    min_share: float
    max_tasks: int
    min_total_share: float
    def __init__(self) -> None: ...

class StaffResult:
    """Matrices: rows = tasks (spec order), columns = municipalities."""
    municipalities: list[str]
    tasks: list[str]
    leaf: list[bool]
    accepted_rows: list[int]
    employee_fte: list[float]
    @property
    def fte(self) -> npt.NDArray[np.float64]: ...
    @property
    def fte_external(self) -> npt.NDArray[np.float64]: ...
    @property
    def fte_direct(self) -> npt.NDArray[np.float64]: ...
    @property
    def fte_direct_external(self) -> npt.NDArray[np.float64]: ...
    @property
    def head_count(self) -> npt.NDArray[np.int32]: ...
    @property
    def employees(self) -> npt.NDArray[np.int32]: ...
    @property
    def fte_read(self) -> npt.NDArray[np.float64]: ...
    @property
    def fte_outside(self) -> npt.NDArray[np.float64]: ...
    @property
    def fte_rejected(self) -> npt.NDArray[np.float64]: ...
    @property
    def units(self) -> dict[str, list]: ...
    @property
    def errors(self) -> dict[str, list]:
        """Columns row, municipality, employee_id, rule, message, fte_read."""
    @property
    def warnings(self) -> dict[str, list]:
        """Columns municipality, employee_id, task, rule, message, value, reference, score."""
    def is_fte_row(self, task: int, municipality: int) -> bool: ...
    def add_to(self, data: BenchmarkData) -> None: ...

class StaffRoster:
    def __init__(self, spec: BenchmarkSpec, options: StaffOptions = ...) -> None: ...
    def add_employees_columns(
        self,
        ids: Sequence[str],
        municipalities: Sequence[str],
        units: Sequence[str],
        employment_types: Sequence[str],
        fte_fraction: npt.ArrayLike,
        hours: npt.ArrayLike,
        external_share: npt.ArrayLike,
        share_employee: npt.ArrayLike,
        share_task: Sequence[str],
        share_value: npt.ArrayLike,
    ) -> int: ...
    @property
    def size(self) -> int: ...
    def aggregate(self, municipalities: Sequence[str] = ...) -> StaffResult: ...
    def aggregate_strict(self, municipalities: Sequence[str] = ...) -> StaffResult: ...

class ReviewOptions:
    z_threshold: float
    min_depth: int
    def __init__(self) -> None: ...

def robust_z_scores(values: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
def review(staff: StaffResult, person_years: BenchmarkData,
           options: ReviewOptions = ...) -> dict[str, list]: ...

class UncertaintyOptions:
    relative_sd: list[float]
    draws: int
    seed: int
    level: float
    threads: int
    def __init__(self) -> None: ...

class UncertaintyResult:
    municipalities: list[str]
    items: list[ResultItem]
    draws: int
    level: float
    point: BenchmarkResult
    rank_probability: list[npt.NDArray[np.float64]]
    productivity_covariance: list[npt.NDArray[np.float64]]
    @property
    def productivity_mean(self) -> npt.NDArray[np.float64]: ...
    @property
    def productivity_lower(self) -> npt.NDArray[np.float64]: ...
    @property
    def productivity_upper(self) -> npt.NDArray[np.float64]: ...
    @property
    def rank_lower(self) -> npt.NDArray[np.int32]: ...
    @property
    def rank_upper(self) -> npt.NDArray[np.int32]: ...

def simulate(roster: StaffRoster, base: BenchmarkData,
             options: UncertaintyOptions = ...) -> UncertaintyResult: ...

# --- register indicators (python/bindings/register_register.cpp) ---------------------------------

from typing import Any

def is_long_iso_year(year: int) -> bool: ...
def iso_weeks_in_year(year: int) -> int: ...
def is_valid_iso_week(yyyyww: int) -> bool: ...
def iso_week_index(yyyyww: int) -> int:
    """Continuous week index (1970W01 = 0); InputError for an invalid week."""
def iso_week_from_index(index: int) -> int: ...
def iso_week_index_array(weeks: npt.ArrayLike) -> npt.NDArray[np.int32]: ...

class RegisterSpec:
    @staticmethod
    def from_json_string(json: str) -> RegisterSpec: ...
    @staticmethod
    def from_json_file(path: str) -> RegisterSpec: ...
    @property
    def group_codes(self) -> list[str]: ...
    @property
    def offer_codes(self) -> list[str]: ...
    @property
    def aggregate_codes(self) -> list[str]: ...
    @property
    def period(self) -> tuple[int, int]: ...
    @property
    def no_offer(self) -> str: ...
    @property
    def total_code(self) -> str: ...
    @property
    def total_label(self) -> str: ...

class IndicatorPartial:
    """Additive partial result (picklable); merge with register_merge."""
    @property
    def input_rows(self) -> int: ...
    @property
    def used_rows(self) -> int: ...
    @property
    def sorted_input(self) -> bool: ...
    @property
    def min_person(self) -> int: ...
    @property
    def max_person(self) -> int: ...
    @property
    def threads(self) -> int: ...
    @property
    def standard_errors(self) -> bool: ...
    @property
    def municipalities(self) -> list[int]: ...
    @property
    def dropped(self) -> list[dict[str, Any]]: ...

def register_accumulate(
    spec: RegisterSpec,
    person: npt.ArrayLike,
    week: npt.ArrayLike,
    municipality: npt.ArrayLike,
    group_codes: npt.NDArray[Any],
    group_categories: list[str],
    offer_codes: npt.NDArray[Any],
    offer_categories: list[str],
    benefit_share: npt.ArrayLike,
    conversations: npt.ArrayLike | None = None,
    partial_sick: npt.NDArray[Any] | None = None,
    *,
    period_first: int,
    period_last: int,
    threads: int = 0,
    drop_invalid: bool = False,
    source: str = "",
    first_row: int = 0,
    lines: bool = False,
    standard_errors: bool = True,
) -> IndicatorPartial: ...
def register_merge(parts: list[IndicatorPartial]) -> IndicatorPartial: ...
def register_finalize(
    spec: RegisterSpec,
    partial: IndicatorPartial,
    check_coverage: bool = True,
    standard_errors: bool = True,
    level: float = 0.95,
) -> dict[str, Any]: ...

# --- register periods (register_periods.cpp): (first, last) tuples of YYYYWW weeks ---
def quarter_period(year: int, quarter: int) -> tuple[int, int]:
    """The ISO weeks whose Thursday falls in the calendar quarter; InputError for a bad quarter/year."""
def year_period(year: int) -> tuple[int, int]: ...
def quarter_periods(first_year: int, first_quarter: int, last_year: int,
                    last_quarter: int) -> list[tuple[int, int]]: ...
def year_periods(first_year: int, last_year: int) -> list[tuple[int, int]]: ...
def period_label(first: int, last: int) -> str:
    """'2021Q3', '2021' or '202127-202226'."""
def parse_period(text: str) -> tuple[int, int]: ...
def parse_periods(text: str) -> list[tuple[int, int]]:
    """Comma-separated labels and ranges ('2019Q1:2021Q4', '2019:2021')."""

# --- analysis (register_analysis.cpp) ---
def proportion_intervals(
    k: npt.ArrayLike, n: npt.ArrayLike, level: float, method: str, units: list[str] = ...
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]: ...
def poisson_intervals(
    k: npt.ArrayLike, level: float, units: list[str] = ...
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]: ...

# --- analysis: funnel plots (register_funnel.cpp) ---
class FunnelFit:
    """A fitted funnel (jobbench::FunnelFit); per-unit arrays hold the included units."""

    @property
    def transform(self) -> str: ...  # "proportion", "sqrt" or "identity"
    @property
    def requested(self) -> str: ...  # "additive", "multiplicative" or "none"
    @property
    def used(self) -> str: ...
    @property
    def trim(self) -> float: ...
    @property
    def dispersion_estimated(self) -> bool: ...
    @property
    def target(self) -> float: ...
    @property
    def target_transformed(self) -> float: ...
    @property
    def phi(self) -> float: ...
    @property
    def tau2(self) -> float: ...
    @property
    def included(self) -> list[int]: ...
    @property
    def excluded(self) -> list[int]: ...
    @property
    def n(self) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> npt.NDArray[np.float64]: ...
    @property
    def y(self) -> npt.NDArray[np.float64]: ...
    @property
    def s(self) -> npt.NDArray[np.float64]: ...
    @property
    def z(self) -> npt.NDArray[np.float64]: ...
    @property
    def z_adjusted(self) -> npt.NDArray[np.float64]: ...
    @property
    def lower95(self) -> npt.NDArray[np.float64]: ...
    @property
    def upper95(self) -> npt.NDArray[np.float64]: ...
    @property
    def lower998(self) -> npt.NDArray[np.float64]: ...
    @property
    def upper998(self) -> npt.NDArray[np.float64]: ...
    @property
    def flag(self) -> list[str]: ...  # "high998", "high95", "normal", "low95", "low998"
    def limits(
        self, n: npt.ArrayLike, level: float
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]: ...

def fit_funnel(
    a: npt.ArrayLike, b: npt.ArrayLike, transform: str, overdispersion: str, trim: float,
    target: float, units: list[str] = ...
) -> FunnelFit: ...
def quantile_type7(values: Sequence[float], p: float) -> float: ...
def expected_counts(
    counts: npt.ArrayLike, exposure: npt.ArrayLike, units: list[str] = ...,
    groups: list[str] = ...
) -> npt.NDArray[np.float64]: ...
# --- rank confidence sets (register_ranks.cpp) ---
def rank_sets(
    estimates: npt.ArrayLike,
    se: Optional[npt.ArrayLike] = None,
    cov: Optional[npt.ArrayLike] = None,
    level: float = 0.95,
    simultaneous: bool = False,
    stepdown: bool = True,
    draws: int = 1000,
    seed: int = 0,
    units: list[str] = ...,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(lower, rank, upper); exactly one of se and cov."""
def tau_set(
    estimates: npt.ArrayLike,
    se: Optional[npt.ArrayLike] = None,
    cov: Optional[npt.ArrayLike] = None,
    tau: int = 1,
    best: bool = True,
    level: float = 0.95,
    stepdown: bool = True,
    draws: int = 1000,
    seed: int = 0,
    units: list[str] = ...,
) -> npt.NDArray[np.bool_]:
    """Membership of the tau-best (best=True) or tau-worst confidence set."""
# --- DEA, bootstrap, Malmquist (register_dea.cpp; HiGHS) ---
class DeaSolverError(RuntimeError): ...
def dea(
    inputs: npt.ArrayLike,
    outputs: npt.ArrayLike,
    rts: str = "vrs",
    orientation: str = "in",
    super_efficiency: bool = False,
    slacks: bool = True,
    reference_inputs: Optional[npt.ArrayLike] = None,
    reference_outputs: Optional[npt.ArrayLike] = None,
    units: list[str] = ...,
    input_names: list[str] = ...,
    output_names: list[str] = ...,
    reference_units: list[str] = ...,
    threads: int = 0,
) -> dict[str, Any]:
    """efficiency (K), lambdas (K x KR), input_slacks (K x m), output_slacks (K x n), warnings."""
def dea_bootstrap(
    inputs: npt.ArrayLike,
    outputs: npt.ArrayLike,
    rts: str = "vrs",
    orientation: str = "in",
    method: str = "subsample",
    draws: int = 2000,
    level: float = 0.95,
    seed: int = 0,
    bandwidth: float = 0.0,
    subsample: int = 0,
    keep_draws: bool = False,
    units: list[str] = ...,
    input_names: list[str] = ...,
    output_names: list[str] = ...,
    threads: int = 0,
) -> dict[str, Any]:
    """efficiency, bias, corrected, lower, upper, scored (K each), bandwidth, subsample, candidates,
    candidate_lower, candidate_upper (K x candidates), volatility, draws, warnings."""
def malmquist(
    inputs0: npt.ArrayLike,
    outputs0: npt.ArrayLike,
    inputs1: npt.ArrayLike,
    outputs1: npt.ArrayLike,
    rts: str = "crs",
    units: list[str] = ...,
    input_names: list[str] = ...,
    output_names: list[str] = ...,
    threads: int = 0,
) -> dict[str, Any]:
    """m, ec, tc, e00, e01, e10, e11 (K each); e10 = period-1 units against period-0 technology."""
# --- expected against actual, similar units (register_expected.cpp; Eigen, Boost.Math) ---
def expected(
    outcome: npt.ArrayLike,
    conditions: npt.ArrayLike,
    level: float = 0.95,
    units: list[str] = ...,
    condition_names: list[str] = ...,
    outcome_name: str = "outcome",
) -> dict[str, Any]:
    """coefficients (p + 1), fitted, expected, residual, se, lower, upper, leverage (K each), sigma,
    r_squared, df: leave-one-out OLS expectations with prediction intervals."""
def similar(
    conditions: npt.ArrayLike,
    k: int,
    units: list[str] = ...,
    condition_names: list[str] = ...,
) -> dict[str, Any]:
    """distance (K x K Mahalanobis), nearest (K x k positions, nearest first, ties by unit order)."""

# --- case audits (python/bindings/register_audit.cpp) ---------------------------------------------
def audit_shares(
    cell: list[int], outcome: list[int], weight: list[float], stratum: list[int], cluster: list[int],
    domain: list[float], fraction: list[float], plain: list[bool], design: str, level: float,
    clusters_in_population: float,
) -> dict[str, list[float]]: ...
def audit_newcombe(
    p_m: list[float], l_m: list[float], u_m: list[float], p_k: list[float], l_k: list[float],
    u_k: list[float],
) -> dict[str, list[float]]: ...
def audit_sample(
    group: list[str], case: list[str], stratum: list[str], n: int, rule: str, seed: int, reserves: int = ...
) -> dict[str, list[Any]]: ...
def audit_allocate(sizes: list[int], n: int, rule: str, names: list[str]) -> list[int]: ...
def audit_sample_size(half_width: float, p: float, population: float, design_effect: float, level: float) -> int: ...
def audit_design_effect(sizes: list[int], sampled: list[int]) -> float: ...
def audit_z(level: float) -> float: ...
def audit_check_cases(
    municipality: list[str], case: list[str], target_group: list[str], stratum: list[str],
    criterion: list[str], outcome: list[str], case_level: list[tuple[str, list[str]]],
    criteria: list[str] | None = None, filters: list[str] | None = None,
) -> None: ...
def audit_check_frame(
    municipality: list[str], target_group: list[str], stratum: list[str], n: list[float], n_text: list[str],
) -> list[int]: ...
def audit_check_weights(
    municipality: list[str], case: list[str], weight: list[float], weight_text: list[str],
    expected: list[float] | None = None,
) -> None: ...
def audit_check_frame_keys(
    municipality: list[str], case: list[str], target_group: list[str], stratum: list[str],
    frame_municipality: list[str], frame_target_group: list[str], frame_stratum: list[str], n: list[int],
) -> None: ...
