"""Independent reference implementation ("oracle") of the issue-13 analysis methods, numpy/scipy only.

Written from the text of issue 13 ("The Python contract") and the published anchors, NOT from the
project's C++ or Python code, so that tests can compare the two.  Plain functions, plain numpy arrays.

Anchors
-------
* Funnel plots: Spiegelhalter (2005), "Handling over-dispersion of performance indicators",
  Quality and Safety in Health Care 14:347-351; R package FunnelPlotR (nhs-r-community), data_type "PR"
  (files R/od_adjustment.R, R/calculate_limits.R, R/funnel_plot.R).
* Proportion intervals: Wilson (1927) score interval; Clopper & Pearson (1934) exact interval.
* Poisson interval: Garwood (1936) exact interval via the chi-square distribution.
* Rank confidence sets: Mogstad, Romano, Shaikh & Wilhelm (2024), "Inference for ranks with
  applications to mobility across neighbourhoods and academic achievement across countries",
  Review of Economic Studies; R package csranks (files R/ranks.R, R/diffmeans.R).

Every function is deliberately simple (loops where that is clearer) rather than fast.
"""
from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import integrate, stats

FloatArray = NDArray[np.float64]

Z95 = float(stats.norm.ppf(0.975))    # 1.959963984540054 (FunnelPlotR hard-codes 1.959964)
Z998 = float(stats.norm.ppf(0.999))   # 3.090232306167813 (FunnelPlotR hard-codes 3.090232)


def _as_float(x: ArrayLike) -> FloatArray:
    return np.asarray(x, dtype=np.float64).reshape(-1)


def _check_level(level: float) -> None:
    if not (0.0 < level < 1.0):
        raise ValueError(f"level must lie in (0, 1), got {level!r}")


# --------------------------------------------------------------------------------------------------
# Funnel plot, FunnelPlotR "PR" method
# --------------------------------------------------------------------------------------------------

def winsorise(z: ArrayLike, trim: float) -> FloatArray:
    """Clamp z to its `trim` and `1 - trim` quantiles (numpy 'linear' = R quantile type 7)."""
    zz = _as_float(z)
    lo = float(np.quantile(zz, trim, method="linear"))
    hi = float(np.quantile(zz, 1.0 - trim, method="linear"))
    return np.clip(zz, lo, hi)


def dispersion_phi(z: ArrayLike, trim: float) -> float:
    """phi = mean of the winsorised squared z-scores (FunnelPlotR phi_func: (1/n) * sum(Wz^2))."""
    w = winsorise(z, trim)
    return float(np.mean(w * w))


def dispersion_tau2(phi: float, s: ArrayLike) -> float:
    """Spiegelhalter (2005) / DerSimonian-Laird style between-unit variance on the transformed scale.

    tau2 = 0 if K*phi < K - 1, else (K*phi - (K - 1)) / (sum(w) - sum(w^2)/sum(w)), w = 1/s^2.
    """
    ss = _as_float(s)
    k = ss.size
    if k * phi < k - 1:
        return 0.0
    w = 1.0 / (ss * ss)
    denom = float(np.sum(w) - np.sum(w * w) / np.sum(w))
    return max(0.0, (k * phi - (k - 1)) / denom)


def _back_pr(angle: FloatArray) -> FloatArray:
    """Arcsine-sqrt back-transform with the angle clipped to [0, pi/2] (limits then lie in [0, 1])."""
    return np.sin(np.clip(angle, 0.0, math.pi / 2.0)) ** 2


def funnel_limits_pr(
    n: ArrayLike,
    target: float,
    level: float,
    *,
    overdispersion: str | None = "additive",
    phi: float = 0.0,
    tau2: float = 0.0,
) -> tuple[FloatArray, FloatArray]:
    """Two-sided control limits at `level` for a proportion with denominator(s) n, on the [0, 1] scale.

    additive:        sin^2(y0 -/+ q * sqrt(s^2 + tau2))
    multiplicative:  sin^2(y0 -/+ q * s * sqrt(max(phi, 1)))
    None:            sin^2(y0 -/+ q * s)
    with y0 = asin(sqrt(target)), s = 1/(2 sqrt(n)), q = norm.ppf((1 + level)/2), the angle clipped
    to [0, pi/2] before back-transforming.
    """
    _check_level(level)
    nn = _as_float(n)
    s = 1.0 / (2.0 * np.sqrt(nn))
    y0 = math.asin(math.sqrt(target))
    q = float(stats.norm.ppf(0.5 + level / 2.0))
    if overdispersion == "additive":
        half = q * np.sqrt(s * s + tau2)
    elif overdispersion == "multiplicative":
        half = q * s * math.sqrt(max(phi, 1.0))
    elif overdispersion is None:
        half = q * s
    else:
        raise ValueError(f"overdispersion must be 'additive', 'multiplicative' or None, got {overdispersion!r}")
    return _back_pr(y0 - half), _back_pr(y0 + half)


def funnel_pr(
    numerator: ArrayLike,
    denominator: ArrayLike,
    overdispersion: str | None = "additive",
    trim: float = 0.1,
    *,
    target: float | None = None,
    unadjusted_if_phi_le_1: bool = False,
) -> dict[str, Any]:
    """Funnel plot for proportions, FunnelPlotR's "PR" method (Spiegelhalter 2005 over-dispersion).

    Steps (issue 13, "The Python contract"):
      p = num/den; y = asin(sqrt(p)); s = 1/(2 sqrt(den));
      target = sum(num)/sum(den) (unless given), y0 = asin(sqrt(target));
      z = (y - y0)/s; winsorise z at the trim and 1 - trim quantiles (linear interpolation);
      phi = mean(winsorised z^2); tau2 per `dispersion_tau2` (Spiegelhalter 2005);
      limits per `funnel_limits_pr` at 95 % and 99.8 %.

    Returns a dict: target, phi, tau2, overdispersion (the one actually used) and per-unit arrays
    n, value, z, z_adjusted, lower95, upper95, lower998, upper998.

    Ambiguities resolved (documented so a comparison can choose):
    * ``z`` is the UNADJUSTED z-score (y - y0)/s, i.e. FunnelPlotR's ``Uzscore``; this is the
      quantity that is winsorised to estimate phi.  FunnelPlotR reports no over-dispersion-adjusted
      z-score (it flags outliers by comparing p with the limits).  ``z_adjusted`` is the
      Spiegelhalter adjusted score: additive (y - y0)/sqrt(s^2 + tau2), multiplicative
      (y - y0)/(s sqrt(max(phi, 1))), None = z.  |z_adjusted| > q is exactly "outside the limits"
      (before clipping; clipping can only matter at p = 0 or 1).
    * Back-transform: FunnelPlotR computes sin(angle)^2 without clipping the angle and then replaces
      limits that fold back (non-monotone in n) by 0 or 1.  Here the angle is clipped to [0, pi/2]
      first, so a lower limit whose angle is negative is exactly 0 and an upper limit beyond pi/2 is
      exactly 1 (what the issue asks: limits clipped to [0, 1]).
    * phi and tau2 are estimated whatever ``overdispersion`` is (FunnelPlotR zeroes them when
      draw_adjusted = FALSE; the issue asks for .phi/.tau2 always).  tau2 uses max(0, .) like
      FunnelPlotR's tau_func.
    * FunnelPlotR falls back to unadjusted limits when phi <= 1; the issue's contract does not say
      so.  Default here: no such fallback (additive limits use tau2 even if (K-1)/K <= phi <= 1;
      multiplicative uses max(phi, 1) which is already the fallback).  Pass
      ``unadjusted_if_phi_le_1=True`` for FunnelPlotR's behaviour.
    * Fewer than 3 units: no over-dispersion estimate (issue: "say so, and fall back"); phi = nan,
      tau2 = 0.0, the limits are the unadjusted ones and ``overdispersion`` in the result is None.
    * q = norm.ppf(0.975) and norm.ppf(0.999) in full precision, not FunnelPlotR's 1.959964/3.090232
      (differences ~1e-7 relative).
    * A given ``target`` replaces the pooled one in y0 only; phi is then computed around it.
    """
    num = _as_float(numerator)
    den = _as_float(denominator)
    if num.shape != den.shape:
        raise ValueError("numerator and denominator differ in length")
    if np.any(~np.isfinite(num)) or np.any(~np.isfinite(den)) or np.any(num < 0) or np.any(den <= 0):
        raise ValueError("counts must be finite, numerators >= 0 and denominators > 0")
    if np.any(num > den):
        raise ValueError("a numerator exceeds its denominator")
    if not (0.0 <= trim < 0.5):
        raise ValueError("trim must lie in [0, 0.5)")
    k = num.size
    p = num / den
    y = np.arcsin(np.sqrt(p))
    s = 1.0 / (2.0 * np.sqrt(den))
    tgt = float(np.sum(num) / np.sum(den)) if target is None else float(target)
    y0 = math.asin(math.sqrt(tgt))
    z = (y - y0) / s

    used = overdispersion
    if k < 3:
        phi, tau2, used = float("nan"), 0.0, None
    else:
        phi = dispersion_phi(z, trim)
        tau2 = dispersion_tau2(phi, s)
        if unadjusted_if_phi_le_1 and phi <= 1.0:
            used = None

    if used == "additive":
        z_adj = (y - y0) / np.sqrt(s * s + tau2)
    elif used == "multiplicative":
        z_adj = z / math.sqrt(max(phi, 1.0))
    elif used is None:
        z_adj = z.copy()
    else:
        raise ValueError(f"overdispersion must be 'additive', 'multiplicative' or None, got {overdispersion!r}")

    lo95, up95 = funnel_limits_pr(den, tgt, 0.95, overdispersion=used, phi=phi, tau2=tau2)
    lo998, up998 = funnel_limits_pr(den, tgt, 0.998, overdispersion=used, phi=phi, tau2=tau2)
    return {
        "target": tgt, "phi": phi, "tau2": tau2, "overdispersion": used,
        "n": den, "value": p, "z": z, "z_adjusted": z_adj,
        "lower95": lo95, "upper95": up95, "lower998": lo998, "upper998": up998,
    }


# --------------------------------------------------------------------------------------------------
# Intervals for a proportion and a Poisson count
# --------------------------------------------------------------------------------------------------

def proportion_interval(k: ArrayLike, n: ArrayLike, level: float = 0.95,
                        method: str = "wilson") -> tuple[FloatArray, FloatArray]:
    """(lower, upper) for k successes of n trials.

    wilson: (k + z^2/2)/(n + z^2) -/+ z/(n + z^2) * sqrt(k(n-k)/n + z^2/4), z = norm.ppf((1+level)/2).
    exact:  Clopper-Pearson, lower = Beta(a/2; k, n-k+1) (0 when k = 0),
            upper = Beta(1-a/2; k+1, n-k) (1 when k = n), a = 1 - level.
    """
    _check_level(level)
    kk, nn = np.broadcast_arrays(_as_float(k), _as_float(n))
    kk, nn = kk.astype(np.float64), nn.astype(np.float64)
    if np.any(nn <= 0) or np.any(kk < 0) or np.any(kk > nn):
        raise ValueError("need 0 <= k <= n and n > 0")
    alpha = 1.0 - level
    if method == "wilson":
        z = float(stats.norm.ppf(1.0 - alpha / 2.0))
        z2 = z * z
        centre = (kk + z2 / 2.0) / (nn + z2)
        half = z / (nn + z2) * np.sqrt(kk * (nn - kk) / nn + z2 / 4.0)
        return np.maximum(centre - half, 0.0), np.minimum(centre + half, 1.0)
    if method == "exact":
        lower = np.zeros_like(kk)
        upper = np.ones_like(kk)
        for i in range(kk.size):
            if kk[i] > 0:
                lower[i] = stats.beta.ppf(alpha / 2.0, kk[i], nn[i] - kk[i] + 1.0)
            if kk[i] < nn[i]:
                upper[i] = stats.beta.ppf(1.0 - alpha / 2.0, kk[i] + 1.0, nn[i] - kk[i])
        return lower, upper
    raise ValueError(f"method must be 'wilson' or 'exact', got {method!r}")


def poisson_interval(k: ArrayLike, level: float = 0.95) -> tuple[FloatArray, FloatArray]:
    """Garwood exact interval for a Poisson mean given the count k.

    lower = chi2.ppf(a/2, 2k)/2 (0 when k = 0), upper = chi2.ppf(1 - a/2, 2k + 2)/2, a = 1 - level.
    Divide by the exposure (e.g. person-years) for a rate.
    """
    _check_level(level)
    kk = _as_float(k)
    if np.any(kk < 0) or np.any(~np.isfinite(kk)):
        raise ValueError("counts must be finite and >= 0")
    alpha = 1.0 - level
    lower = np.zeros_like(kk)
    pos = kk > 0
    lower[pos] = stats.chi2.ppf(alpha / 2.0, 2.0 * kk[pos]) / 2.0
    upper = stats.chi2.ppf(1.0 - alpha / 2.0, 2.0 * kk + 2.0) / 2.0
    return lower, np.asarray(upper, dtype=np.float64)


# --------------------------------------------------------------------------------------------------
# Rank confidence sets (Mogstad, Romano, Shaikh & Wilhelm 2024; csranks)
# --------------------------------------------------------------------------------------------------

def point_ranks(est: ArrayLike) -> NDArray[np.int64]:
    """Rank 1 = largest; ties share the best (smallest) rank: 1 + #{j: est_j > est_i} (csranks irank)."""
    x = _as_float(est)
    return np.array([1 + int(np.sum(x > xi)) for xi in x], dtype=np.int64)


def _covariance(est: FloatArray, se: ArrayLike | None, cov: ArrayLike | None) -> FloatArray:
    if (se is None) == (cov is None):
        raise ValueError("give exactly one of se and cov")
    if cov is None:
        sd = _as_float(se)  # type: ignore[arg-type]
        if sd.shape != est.shape or np.any(~np.isfinite(sd)) or np.any(sd < 0):
            raise ValueError("se must be finite, >= 0 and as long as the estimates")
        return np.diag(sd * sd)
    c = np.asarray(cov, dtype=np.float64)
    if c.shape != (est.size, est.size) or not np.allclose(c, c.T):
        raise ValueError("cov must be a symmetric K x K matrix")
    if np.min(np.linalg.eigvalsh(c)) < -1e-10 * max(1.0, float(np.max(np.abs(np.diag(c))))):
        raise ValueError("cov is not positive semi-definite")
    return c


def _max_quantile_bootstrap(z_draws: FloatArray, pairs: list[tuple[int, int]], sd: FloatArray,
                            level: float) -> float:
    """level-quantile (R type 7) of max over (i, j) in pairs of (Z_i - Z_j)/sd_ij."""
    ii = np.array([a for a, _ in pairs])
    jj = np.array([b for _, b in pairs])
    stat = np.max((z_draws[:, ii] - z_draws[:, jj]) / sd[ii, jj], axis=1)
    return float(np.quantile(stat, level, method="linear"))


def _max_quantile_exact_marginal(i: int, pairs: list[tuple[int, int]], var: FloatArray,
                                 level: float) -> float:
    """Exact level-quantile of max over pairs of (Z_a - Z_b)/sd_ab when Z ~ N(0, diag(var)) and every
    pair contains unit i (the marginal case).  Conditional on Z_i the terms are independent, so

      P(max <= c) = E_{Z_i}[ prod_j P(term_j <= c | Z_i) ],

    where j's term is one-sided (only (i, j) or only (j, i) present) or two-sided (both present).
    Solved for c by root finding on a 1-D integral.
    """
    sides: dict[int, set[int]] = {}
    for a, b in pairs:
        if a == i:
            sides.setdefault(b, set()).add(+1)   # (Z_i - Z_j)/sd <= c
        else:
            sides.setdefault(a, set()).add(-1)   # (Z_j - Z_i)/sd <= c
    si = math.sqrt(var[i])
    js = list(sides)
    sdj = np.sqrt(var[js])
    sdd = np.sqrt(var[i] + var[js])

    def cond_prob(zi: float, c: float) -> float:
        prod = 1.0
        for t, j in enumerate(js):
            lo_b, hi_b = -np.inf, np.inf  # bounds on Z_j
            if +1 in sides[j]:   # Z_i - Z_j <= c sd  <=>  Z_j >= Z_i - c sd
                lo_b = zi - c * sdd[t]
            if -1 in sides[j]:   # Z_j - Z_i <= c sd  <=>  Z_j <= Z_i + c sd
                hi_b = zi + c * sdd[t]
            if hi_b <= lo_b:
                return 0.0
            if sdj[t] == 0.0:
                prod *= 1.0 if lo_b <= 0.0 <= hi_b else 0.0
            else:
                prod *= float(stats.norm.cdf(hi_b / sdj[t]) - stats.norm.cdf(lo_b / sdj[t]))
        return prod

    def cdf(c: float) -> float:
        if si == 0.0:
            return cond_prob(0.0, c)
        val, _ = integrate.quad(lambda u: cond_prob(si * u, c) * float(stats.norm.pdf(u)), -9.0, 9.0,
                                limit=200, epsabs=1e-12, epsrel=1e-10)
        return float(val)

    from scipy.optimize import brentq
    return float(brentq(lambda c: cdf(c) - level, -10.0, 20.0, xtol=1e-12))


def _diff_sets(est: FloatArray, cov: FloatArray, level: float, units: list[int], stepdown: bool,
               quantile: Callable[[list[tuple[int, int]]], float]) -> FloatArray:
    """csranks csdiffmeans, two-sided with stepdown as in csranks: the hypotheses are all ordered pairs
    (a, b), a != b, with a or b in `units`; the statistic is the one-sided max of
    (theta_a - theta_b)/sd_ab ("lower" type).  Returns the matrix of lower bounds L[a, b] for
    theta_a - theta_b (nan where not computed).  Stepdown: recompute the critical value on the pairs not
    yet rejected (L > 0 is a rejection) until nothing new is rejected or nothing is left."""
    k = est.size
    sd = np.sqrt(np.add.outer(np.diag(cov), np.diag(cov)) - 2.0 * cov)
    active = [(a, b) for a in range(k) for b in range(k) if a != b and (a in units or b in units)]
    lower = np.full((k, k), np.nan)
    while active:
        c = quantile(active)
        for a, b in active:
            lower[a, b] = est[a] - est[b] - sd[a, b] * c
        remaining = [(a, b) for a, b in active if not lower[a, b] > 0]
        if not stepdown or len(remaining) == len(active):
            break
        active = remaining
    return lower


def _rank_bounds(lower: FloatArray, i: int) -> tuple[int, int]:
    k = lower.shape[0]
    n_above = int(np.sum(lower[:, i] > 0))   # units significantly larger than i
    n_below = int(np.sum(lower[i, :] > 0))   # units significantly smaller than i
    return 1 + n_above, k - n_below


def rank_sets_marginal(est: ArrayLike, se: ArrayLike | None = None, level: float = 0.95, *,
                       cov: ArrayLike | None = None, draws: int = 1000, seed: int | None = None,
                       stepdown: bool = True, critical: str = "bootstrap"
                       ) -> dict[str, NDArray[np.int64]]:
    """Marginal rank confidence sets (each covers its own true rank with probability >= level).

    For each unit i separately: the hypotheses theta_i vs theta_j (both orders, all j != i), critical
    value the level-quantile of max_{pairs} (Z_a - Z_b)/sd_ab with Z ~ N(0, cov), stepdown as csranks.
    lower = 1 + #{j significantly above i}, upper = K - #{j significantly below i}.

    critical="bootstrap": `draws` parametric draws (numpy default_rng(seed)); a fresh generator with
    the same seed per unit, like csranks which calls set.seed(seed) inside each marginal call.
    critical="exact": exact normal critical values by 1-D integration (diagonal covariance only; use
    for tolerance-free comparison with an implementation using many draws).
    """
    _check_level(level)
    x = _as_float(est)
    c = _covariance(x, se, cov)
    k = x.size
    lo = np.zeros(k, dtype=np.int64)
    up = np.zeros(k, dtype=np.int64)
    if critical == "exact" and not np.allclose(c, np.diag(np.diag(c))):
        raise ValueError("critical='exact' needs a diagonal covariance")
    sd = np.sqrt(np.add.outer(np.diag(c), np.diag(c)) - 2.0 * c)
    for i in range(k):
        if critical == "bootstrap":
            rng = np.random.default_rng(seed)
            z = rng.multivariate_normal(np.zeros(k), c, size=draws, method="eigh")
            quant: Callable[[list[tuple[int, int]]], float] = (
                lambda pairs, z=z: _max_quantile_bootstrap(z, pairs, sd, level))
        elif critical == "exact":
            var = np.diag(c).copy()
            quant = lambda pairs, i=i, var=var: _max_quantile_exact_marginal(i, pairs, var, level)  # noqa: E731
        else:
            raise ValueError("critical must be 'bootstrap' or 'exact'")
        lower = _diff_sets(x, c, level, [i], stepdown, quant)
        lo[i], up[i] = _rank_bounds(lower, i)
    return {"lower": lo, "rank": point_ranks(x), "upper": up}


def rank_sets_simultaneous(est: ArrayLike, se: ArrayLike | None = None, level: float = 0.95,
                           draws: int = 1000, seed: int | None = None, *,
                           cov: ArrayLike | None = None, stepdown: bool = True
                           ) -> dict[str, NDArray[np.int64]]:
    """Simultaneous rank confidence sets (all K sets cover the true ranks jointly with prob >= level).

    All ordered pairs (a, b), a != b; critical value the level-quantile of max over the active pairs
    of (Z_a - Z_b)/sd_ab from `draws` parametric-bootstrap draws Z ~ N(0, cov) (one set of draws
    reused across stepdown rounds); stepdown as csranks.  There is no simple exact critical value;
    compare with another implementation by using many draws (e.g. 200 000) and allowing a rank bound
    to differ only where a pair statistic sits within the Monte-Carlo error of the critical value.
    """
    _check_level(level)
    x = _as_float(est)
    c = _covariance(x, se, cov)
    k = x.size
    sd = np.sqrt(np.add.outer(np.diag(c), np.diag(c)) - 2.0 * c)
    rng = np.random.default_rng(seed)
    z = rng.multivariate_normal(np.zeros(k), c, size=draws, method="eigh")
    lower = _diff_sets(x, c, level, list(range(k)), stepdown,
                       lambda pairs: _max_quantile_bootstrap(z, pairs, sd, level))
    lo = np.zeros(k, dtype=np.int64)
    up = np.zeros(k, dtype=np.int64)
    for i in range(k):
        lo[i], up[i] = _rank_bounds(lower, i)
    return {"lower": lo, "rank": point_ranks(x), "upper": up}
