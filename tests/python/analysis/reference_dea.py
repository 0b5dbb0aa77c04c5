"""An independent DEA written from the textbook definitions with scipy's ``linprog`` (HiGHS via scipy),
for the tests of jobbench.analysis.dea. Nothing here is taken from jobbench's C++.

Bogetoft & Otto (2011), Benchmarking with DEA, SFA, and R, ch. 4-5: with lambda >= 0 the weights of the
reference units,

    input:  E = min theta  s.t. sum_j lambda_j x_j <= theta x_o,  sum_j lambda_j y_j >= y_o
    output: F = max phi    s.t. sum_j lambda_j x_j <= x_o,        sum_j lambda_j y_j >= phi y_o

plus sum_j lambda_j = 1 (VRS), <= 1 (DRS), >= 1 (IRS), nothing (CRS). FDH: one peer with lambda = 1,
by enumeration. Slacks: phase two maximises the sum of slacks with the score fixed.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import linprog


def _rts_rows(rts: str, k: int):
    ones = np.ones((1, k))
    if rts == "vrs":
        return None, None, ones, np.array([1.0])
    if rts == "drs":
        return ones, np.array([1.0]), None, None
    if rts == "irs":
        return -ones, np.array([-1.0]), None, None
    return None, None, None, None


def farrell(x, y, xr, yr, rts="vrs", orientation="in", exclude=None):
    """(score, lambda) of one unit (x, y) against the reference (xr, yr: units x columns). An infeasible
    LP gives (inf, None) in input and (-inf, None) in output orientation."""
    x, y, xr, yr = (np.asarray(a, dtype=float) for a in (x, y, xr, yr))
    k, m = xr.shape
    n = yr.shape[1]
    if rts == "fdh":
        return _fdh(x, y, xr, yr, orientation, exclude)
    # variables: [e, lambda_1..k]
    if orientation == "in":
        c = np.r_[1.0, np.zeros(k)]
        a_ub = np.vstack([np.c_[-x[:, None], xr.T],          # sum l x - theta x_o <= 0
                          np.c_[np.zeros((n, 1)), -yr.T]])   # -sum l y <= -y_o
        b_ub = np.r_[np.zeros(m), -y]
    else:
        c = np.r_[-1.0, np.zeros(k)]
        a_ub = np.vstack([np.c_[np.zeros((m, 1)), xr.T],      # sum l x <= x_o
                          np.c_[y[:, None], -yr.T]])         # phi y_o - sum l y <= 0
        b_ub = np.r_[x, np.zeros(n)]
    ub_r, bub_r, eq_r, beq_r = _rts_rows(rts, k)
    if ub_r is not None:
        a_ub = np.vstack([a_ub, np.c_[np.zeros((1, 1)), ub_r]])
        b_ub = np.r_[b_ub, bub_r]
    a_eq = b_eq = None
    if eq_r is not None:
        a_eq, b_eq = np.c_[np.zeros((1, 1)), eq_r], beq_r
    bounds = [(0, None)] * (1 + k)
    if exclude is not None:
        bounds[1 + exclude] = (0, 0)
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    if res.status == 2:
        return (np.inf if orientation == "in" else -np.inf), None
    assert res.status == 0, res.message
    return res.x[0], res.x[1:]


def slacks(x, y, xr, yr, score, rts="vrs", orientation="in", exclude=None):
    """Phase two: (input slacks, output slacks, lambda) maximising the plain sum of slacks at the
    projected point (score x_o, y_o) or (x_o, score y_o)."""
    x, y, xr, yr = (np.asarray(a, dtype=float) for a in (x, y, xr, yr))
    k, m = xr.shape
    n = yr.shape[1]
    if rts == "fdh":
        return _fdh_slacks(x, y, xr, yr, score, orientation, exclude)
    tx = score * x if orientation == "in" else x
    ty = y if orientation == "in" else score * y
    # variables: [lambda (k), sx (m), sy (n)]; sum l x + sx = tx; sum l y - sy = ty
    c = np.r_[np.zeros(k), -np.ones(m + n)]
    a_eq = np.vstack([np.c_[xr.T, np.eye(m), np.zeros((m, n))],
                      np.c_[yr.T, np.zeros((n, m)), -np.eye(n)]])
    b_eq = np.r_[tx, ty]
    a_ub = b_ub = None
    ub_r, bub_r, eq_r, beq_r = _rts_rows(rts, k)
    if ub_r is not None:
        a_ub, b_ub = np.c_[ub_r, np.zeros((1, m + n))], bub_r
    if eq_r is not None:
        a_eq = np.vstack([a_eq, np.c_[eq_r, np.zeros((1, m + n))]])
        b_eq = np.r_[b_eq, beq_r]
    bounds = [(0, None)] * (k + m + n)
    if exclude is not None:
        bounds[exclude] = (0, 0)
    res = None
    for relax in (0.0, 1e-9, 1e-7):  # the score is only as exact as the first LP
        if orientation == "in":
            b_eq[:m] = tx * (1 + relax)
        else:
            b_eq[m:m + n] = ty * (1 - relax)
        res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if res.status == 0:
            break
    assert res.status == 0, res.message
    return res.x[k:k + m], res.x[k + m:], res.x[:k]


def _fdh_slacks(x, y, xr, yr, score, orientation, exclude):
    """FDH phase two: among the single units that dominate the projected point, the one leaving the
    largest sum of slacks."""
    tx = score * x if orientation == "in" else x
    ty = y if orientation == "in" else score * y
    best, peer = -1.0, None
    for j in range(xr.shape[0]):
        if j == exclude:
            continue
        if np.all(xr[j] <= tx + 1e-9 * np.maximum(1, np.abs(tx))) and np.all(yr[j] >= ty - 1e-9 * np.maximum(1, np.abs(ty))):
            total = (tx - xr[j]).sum() + (yr[j] - ty).sum()
            if total > best + 1e-12:
                best, peer = total, j
    lam = np.zeros(xr.shape[0])
    lam[peer] = 1.0
    return np.maximum(tx - xr[peer], 0), np.maximum(yr[peer] - ty, 0), lam


def _fdh(x, y, xr, yr, orientation, exclude):
    best, peer = (np.inf if orientation == "in" else -np.inf), None
    for j in range(xr.shape[0]):
        if j == exclude:
            continue
        if orientation == "in":
            if np.all(yr[j] >= y):
                with np.errstate(divide="ignore", invalid="ignore"):
                    ratios = np.where(x > 0, xr[j] / x, np.where(xr[j] > 0, np.inf, 0.0))
                e = ratios.max()
                if e < best:
                    best, peer = e, j
        else:
            if np.all(xr[j] <= x):
                pos = y > 0
                e = (yr[j][pos] / y[pos]).min()
                if e > best:
                    best, peer = e, j
    lam = None
    if peer is not None:
        lam = np.zeros(xr.shape[0])
        lam[peer] = 1.0
    return best, lam


def dea_all(X, Y, rts="vrs", orientation="in", super_efficiency=False, XR=None, YR=None):
    """Scores and lambdas of every unit (rows of X, Y)."""
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    XR = X if XR is None else np.asarray(XR, dtype=float)
    YR = Y if YR is None else np.asarray(YR, dtype=float)
    scores, lambdas = [], []
    for o in range(X.shape[0]):
        e, lam = farrell(X[o], Y[o], XR, YR, rts, orientation, o if super_efficiency else None)
        scores.append(e)
        lambdas.append(lam)
    return np.array(scores), lambdas


def malmquist(X0, Y0, X1, Y1, rts="crs"):
    """(m, ec, tc) per unit, input oriented (Färe et al.; Benchmarking's malmq)."""
    e00, _ = dea_all(X0, Y0, rts)
    e11, _ = dea_all(X1, Y1, rts)
    e10, _ = dea_all(X1, Y1, rts, XR=X0, YR=Y0)   # period-1 units, period-0 technology
    e01, _ = dea_all(X0, Y0, rts, XR=X1, YR=Y1)
    m = np.sqrt(e10 / e00 * e11 / e01)
    ec = e11 / e00
    return m, ec, m / ec
