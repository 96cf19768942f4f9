#!/usr/bin/env python3
"""Generates the fixtures of flarelog's analysis engine (docs/analysis.md).

Independent reference implementation in numpy/scipy, written from the spec and not from the Swift code.
Run from anywhere; it rewrites Tests/FlareKitTests/Fixtures/analysis/ deterministically (fixed seed):

    python3 Tests/Fixtures/make_analysis_fixtures.py

Each history is written as the interchange CSVs (entries.csv, metadata.csv) plus cases.json, a list
of {"command": "correlate" | "effect", options..., "expected": <the spec's JSON document>}. The reference
reads the CSVs back with the csv module, so what is tested is exactly what is on disk.

Where scipy's definition differs from the spec, the spec's is implemented here and scipy is used as a
cross-check only:
* Fisher two-sided p: the spec ties at relative 1e-7 (R's rule); scipy.stats.fisher_exact uses 1e-14.
* Haldane-Anscombe: the spec corrects the reported OR/RR/CI only when a cell is 0, but the permutation
  statistic always; scipy.stats.contingency.odds_ratio has no correction.
* The circular-shift permutation test (spec §4.6, §5) has no scipy counterpart.
"""

import csv
import datetime as dt
import io
import json
import math
import os

import mpmath
import numpy as np
from scipy import special, stats

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "FlareKitTests", "Fixtures", "analysis")
Z95 = 1.959963984540054
ANY = "any symptom"
SEED = 20261125

# ---------------------------------------------------------------------------------------------------------
# Reading the interchange files and building daily data (spec §1-§3)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


WORSE, BETTER = "worse-when-higher", "better-when-higher"


def default_meta(kind):
    value_type, aggregate = {"symptom": ("scale", "max"), "trigger": ("scale", "mean"),
                             "intervention": ("quantity", "sum")}[kind]
    return value_type, aggregate, WORSE, None, None


def load(folder, since=None, until=None):
    header, meta_rows = read_csv(os.path.join(folder, "metadata.csv"))
    assert header == ["kind", "name", "value_type", "aggregate", "direction", "min", "max"]
    meta = {}
    for kind, name, value_type, aggregate, direction, low, high in meta_rows:
        if aggregate == "":
            aggregate = {"boolean": "any", "quantity": "sum"}.get(value_type) or ("max" if kind == "symptom" else "mean")
        assert (value_type == "boolean") == (aggregate == "any")
        assert (kind, name) not in meta
        direction = direction or WORSE
        low = float(low) if low else None
        high = float(high) if high else None
        assert direction == WORSE or (low is not None and high is not None)
        meta[(kind, name)] = (value_type, aggregate, direction, low, high)
    header, entry_rows = read_csv(os.path.join(folder, "entries.csv"))
    assert header == ["occurred_at", "local_day", "kind", "name", "value"]
    catalog = dict(meta)  # window ignored (§7)
    values = {}  # item -> day ordinal -> list of values in file order
    observed, flare_days = set(), set()
    lo = dt.date.fromisoformat(since).toordinal() if since else None
    hi = dt.date.fromisoformat(until).toordinal() if until else None
    for _occurred, day, kind, name, value in entry_rows:
        ordinal = dt.date.fromisoformat(day).toordinal()
        value = float(value)
        assert math.isfinite(value)
        if kind != "flare":
            catalog.setdefault((kind, name), default_meta(kind))
        if (lo is not None and ordinal < lo) or (hi is not None and ordinal > hi):
            continue
        observed.add(ordinal)
        if kind == "flare":
            flare_days.add(ordinal)
        else:
            values.setdefault((kind, name), {}).setdefault(ordinal, []).append(value)
    daily = {}
    for item, days in values.items():
        aggregate = catalog[item][1]
        out = {}
        for ordinal, vals in days.items():
            if aggregate == "max":
                out[ordinal] = max(vals)
            elif aggregate == "sum":
                total = 0.0
                for v in vals:
                    total += v
                out[ordinal] = total
            elif aggregate == "mean":
                total = 0.0
                for v in vals:
                    total += v
                out[ordinal] = total / len(vals)
            else:
                out[ordinal] = 1.0 if any(v > 0 for v in vals) else 0.0
        daily[item] = out
    return catalog, daily, observed, flare_days


def calendar(observed):
    if not observed:
        return None, 0
    first = min(observed)
    return first, max(observed) - first + 1


def outcome_rule(catalog, outcome):
    """The outcome's direction and the function that turns its daily value into badness (higher is worse):
    "any symptom" is the worst worse-when-higher symptom; a better-when-higher rating reads max + min - value."""
    if outcome is None:
        return WORSE, lambda v: v
    assert ("symptom", outcome) in catalog, outcome
    _type, _aggregate, direction, low, high = catalog[("symptom", outcome)]
    if direction == BETTER:
        return BETTER, lambda v: (high + low) - v
    return WORSE, lambda v: v


def flare_rule(catalog, outcome, threshold):
    direction, badness = outcome_rule(catalog, outcome)
    words = "at or above" if direction == WORSE else "at or below"
    return f"{outcome or ANY} {words} {number_text(badness(threshold))} or a logged flare"


def number_text(value):
    """flarelog's ValueText.number: whole numbers without a point, else at most four decimals."""
    if value == round(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def score_series(catalog, daily, outcome, first, D):
    S = np.full(D, np.nan)
    if outcome is None:
        items = [i for i in catalog if i[0] == "symptom" and catalog[i][2] == WORSE]
    else:
        items = [("symptom", outcome)]
    _direction, badness = outcome_rule(catalog, outcome)
    for item in items:
        for ordinal, v in daily.get(item, {}).items():
            d = ordinal - first
            b = badness(v)
            S[d] = b if np.isnan(S[d]) else max(S[d], b)
    return S


def day_text(first, d):
    return dt.date.fromordinal(first + d).isoformat()


def parse_lags(text):
    lags = set()
    for part in text.split(","):
        if "-" in part:
            a, b = part.split("-")
            lags.update(range(int(a), int(b) + 1))
        else:
            lags.add(int(part))
    return sorted(lags)


def shifts_for(D):
    if D < 28:
        return None
    N = min(999, D - 14)
    return np.array([7 + (i * (D - 14)) // N for i in range(N)], dtype=np.int64)


def bh(p):
    """Benjamini-Hochberg (§4.5), explicit; cross-checked against scipy.stats.false_discovery_control."""
    p = np.asarray(p, dtype=float)
    m = len(p)
    if m == 0:
        return []
    order = np.argsort(p, kind="stable")
    q = np.empty(m)
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, min(1.0, p[i] * m / rank))
        q[i] = running
    ref = stats.false_discovery_control(p, method="bh")
    assert np.allclose(q, ref, rtol=1e-12, atol=0), (q, ref)
    return [float(v) for v in q]


# ---------------------------------------------------------------------------------------------------------
# Statistics


def corr_p(r, n):
    """I_{1-r^2}((n-2)/2, 1/2) (§4.3), 0 when |r| = 1."""
    if abs(r) >= 1:
        return 0.0
    a = (n - 2) / 2
    x = (1 - r) * (1 + r)
    y = r * r
    # Evaluate on the side that does not lose digits: betainc for small x, 1 - I_y(b, a) = betaincc(b, a, y) else.
    return float(special.betainc(a, 0.5, x) if x < 0.5 else special.betaincc(0.5, a, y))


def fisher_p(a, b, c, d):
    """Spec §4.4: sum of P(x) <= P(a)(1+1e-7), with lnC from gammaln."""
    R, C1, N = a + b, a + c, a + b + c + d

    def ln_choose(n, k):
        return special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)

    def prob(x):
        return math.exp(ln_choose(R, x) + ln_choose(N - R, C1 - x) - ln_choose(N, C1))

    observed = prob(a) * (1 + 1e-7)
    total = 0.0
    for x in range(max(0, C1 - (N - R)), min(R, C1) + 1):
        px = prob(x)
        if px <= observed:
            total += px
    p = min(1.0, total)
    ref = stats.fisher_exact([[a, b], [c, d]], alternative="two-sided").pvalue
    assert math.isclose(p, ref, rel_tol=1e-9, abs_tol=1e-300), (a, b, c, d, p, ref)
    return p


def pearson_abs_rows(xs, f, mask):
    """|r| per row of a (shifts x days) pairing, two-pass; nan where x or f is constant (§4.6)."""
    n = mask.sum(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        xm = np.where(mask, xs, 0.0)
        fm = np.where(mask, f[None, :], 0.0)
        mean_x = xm.sum(1) / n
        mean_f = fm.sum(1) / n
        dx = np.where(mask, xs - mean_x[:, None], 0.0)
        df = np.where(mask, f[None, :] - mean_f[:, None], 0.0)
        r = (dx * df).sum(1) / np.sqrt((dx * dx).sum(1) * (df * df).sum(1))
        xmax = np.where(mask, xs, -np.inf).max(1)
        xmin = np.where(mask, xs, np.inf).min(1)
        n1 = fm.sum(1)
    valid = (n > 0) & (xmax != xmin) & (n1 > 0) & (n1 < n)
    return np.where(valid, np.minimum(1.0, np.abs(r)), np.nan)


def haldane_rows(xs, f, mask):
    """|ln OR| with 1/2 added to every cell, per row; nan where x or f is constant (§4.6, §0.4)."""
    x1 = mask & (xs == 1)
    x0 = mask & (xs == 0)
    f1 = (f == 1)[None, :]
    f0 = (f == 0)[None, :]
    a = (x1 & f1).sum(1)
    b = (x1 & f0).sum(1)
    c = (x0 & f1).sum(1)
    d = (x0 & f0).sum(1)
    valid = (a + b > 0) & (c + d > 0) & (a + c > 0) & (b + d > 0)
    stat = np.abs(np.log(((a + 0.5) * (d + 0.5)) / ((b + 0.5) * (c + 0.5))))
    return np.where(valid, stat, np.nan)


def shifted_pairing(X, F, k, shifts):
    D = len(X)
    idx = (np.arange(D)[None, :] - shifts[:, None]) % D
    xs = X[idx][:, : D - k]
    f = F[k:]
    mask = ~np.isnan(xs) & ~np.isnan(f)[None, :]
    return xs, f, mask


def perm_p(stat_fn, X, F, k, shifts):
    D = len(X)
    if shifts is None or k >= D:
        return None
    obs = stat_fn(*shifted_pairing(X, F, k, np.array([0])))[0]
    if np.isnan(obs):
        return None
    s = stat_fn(*shifted_pairing(X, F, k, shifts))
    valid = ~np.isnan(s)
    if valid.sum() == 0:
        return None
    count = int((s[valid] >= obs - 1e-12).sum())
    return (1 + count) / (int(valid.sum()) + 1)


def null_fields(result):
    for key in ["r", "p", "q", "rho", "rho_p", "rho_n", "mean_on_flare", "mean_off_flare", "mean_diff", "rr",
                "or", "or_ci", "table", "perm_p", "perm_q"]:
        result[key] = None
    return result


def correlate(folder, outcome=None, threshold=7.0, lags="0-3", since=None, until=None):
    catalog, daily, observed, flare_days = load(folder, since, until)
    first, D = calendar(observed)
    if outcome is not None:
        assert ("symptom", outcome) in catalog
    report = {"outcome": outcome or ANY, "direction": outcome_rule(catalog, outcome)[0], "threshold": threshold,
              "flare_rule": flare_rule(catalog, outcome, threshold), "days_observed": len(observed),
              "calendar_days": D, "flare_days": 0, "nonflare_days": 0,
              "window": {"from": day_text(first, 0) if D else None, "to": day_text(first, D - 1) if D else None},
              "results": []}
    if D == 0:
        return report
    S = score_series(catalog, daily, outcome, first, D)
    F = np.full(D, np.nan)
    obs = np.zeros(D, dtype=bool)
    for o in observed:
        obs[o - first] = True
    for d in range(D):
        if first + d in flare_days:
            F[d] = 1.0
        elif not np.isnan(S[d]):
            F[d] = 1.0 if S[d] >= threshold else 0.0
    report["flare_days"] = int(np.sum(F == 1))
    report["nonflare_days"] = int(np.sum(F == 0))
    shifts = shifts_for(D)
    ok, insufficient = [], []
    triggers = sorted((item for item in daily if item[0] == "trigger" and daily[item]), key=lambda i: i[1])
    for item in triggers:
        value_type = catalog[item][0]
        X = np.full(D, np.nan)
        if value_type == "boolean":
            X[obs] = 0.0
            for o, v in daily[item].items():
                X[o - first] = 1.0 if v == 1 else 0.0
        else:
            for o, v in daily[item].items():
                X[o - first] = v
        for k in parse_lags(lags):
            ts = [t for t in range(k, D) if not np.isnan(X[t - k]) and not np.isnan(F[t])]
            x = np.array([X[t - k] for t in ts])
            f = np.array([F[t] for t in ts])
            n, flare_n = len(ts), int(np.sum(f == 1))
            result = {"trigger": item[1], "kind": "trigger", "value_type": value_type, "lag": k, "n": n,
                      "flare_n": flare_n, "status": "ok", "reason": None}
            reason = None
            if n < 14:
                reason = "too_few_pairs"
            elif flare_n < 3:
                reason = "too_few_flare_days"
            elif n - flare_n < 3:
                reason = "too_few_nonflare_days"
            elif np.all(x == x[0]):
                reason = "constant_trigger"
            if reason:
                result["status"], result["reason"] = "insufficient", reason
                insufficient.append(null_fields(result))
                continue
            null_fields(result)
            if value_type == "boolean":
                a = int(np.sum((x == 1) & (f == 1)))
                b = int(np.sum((x == 1) & (f == 0)))
                c = int(np.sum((x == 0) & (f == 1)))
                d = int(np.sum((x == 0) & (f == 0)))
                corr = 0.5 if min(a, b, c, d) == 0 else 0.0
                A, B, C, Dd = a + corr, b + corr, c + corr, d + corr
                odds = (A * Dd) / (B * C)
                se = math.sqrt(1 / A + 1 / B + 1 / C + 1 / Dd)
                if corr == 0:
                    ref = stats.contingency.odds_ratio([[a, b], [c, d]], kind="sample").statistic
                    assert math.isclose(odds, ref, rel_tol=1e-12)
                result.update({"rr": (A / (A + B)) / (C / (C + Dd)), "or": odds,
                               "or_ci": [math.exp(math.log(odds) - Z95 * se), math.exp(math.log(odds) + Z95 * se)],
                               "table": [a, b, c, d], "p": fisher_p(a, b, c, d)})
                result["perm_p"] = perm_p(haldane_rows, X, F, k, shifts)
            else:
                r = float(np.clip(stats.pearsonr(x, f).statistic, -1, 1))
                p = corr_p(r, n)
                assert math.isclose(p, stats.pearsonr(x, f).pvalue, rel_tol=1e-8), (p, stats.pearsonr(x, f).pvalue)
                on, off = x[f == 1], x[f == 0]
                mean_on, mean_off = float(np.sum(on) / len(on)), float(np.sum(off) / len(off))
                result.update({"r": r, "p": p, "mean_on_flare": mean_on, "mean_off_flare": mean_off,
                               "mean_diff": mean_on - mean_off})
                with_score = [i for i, t in enumerate(ts) if not np.isnan(S[t])]
                result["rho_n"] = len(with_score)
                xr = x[with_score]
                sr = np.array([S[ts[i]] for i in with_score])
                if len(with_score) >= 3 and not np.all(xr == xr[0]) and not np.all(sr == sr[0]):
                    sp = stats.spearmanr(xr, sr)
                    rho = float(np.clip(sp.statistic, -1, 1))
                    result["rho"] = rho
                    result["rho_p"] = corr_p(rho, len(with_score))
                    if len(with_score) > 3:
                        assert math.isclose(result["rho_p"], sp.pvalue, rel_tol=1e-7, abs_tol=1e-300)
                result["perm_p"] = perm_p(pearson_abs_rows, X, F, k, shifts)
            ok.append(result)
    for result, q in zip(ok, bh([r["p"] for r in ok])):
        result["q"] = q
    with_perm = [r for r in ok if r["perm_p"] is not None]
    for result, q in zip(with_perm, bh([r["perm_p"] for r in with_perm])):
        result["perm_q"] = q

    def scalar_key(name):
        return [ord(ch) for ch in name]  # Python str order is already by code point; explicit for clarity

    ok.sort(key=lambda r: (r["q"], r["p"], scalar_key(r["trigger"]), r["lag"]))
    insufficient.sort(key=lambda r: (scalar_key(r["trigger"]), r["lag"]))
    report["results"] = ok + insufficient
    return report


def rank_biserial_abs(with_scores, without_scores):
    n1, n2 = len(with_scores), len(without_scores)
    ranks = stats.rankdata(np.concatenate([with_scores, without_scores]), method="average")
    u1 = ranks[:n1].sum() - n1 * (n1 + 1) / 2
    return abs(2 * u1 / (n1 * n2) - 1)


def effect(folder, intervention, outcome=None, since=None, until=None):
    catalog, daily, observed, _flares = load(folder, since, until)
    assert ("intervention", intervention) in catalog
    first, D = calendar(observed)
    report = {"intervention": intervention, "outcome": outcome or ANY, "direction": outcome_rule(catalog, outcome)[0],
              "lag": 1, "days_observed": len(observed),
              "calendar_days": D,
              "window": {"from": day_text(first, 0) if D else None, "to": day_text(first, D - 1) if D else None},
              "status": "ok", "reason": None, "n_with": 0, "n_without": 0}
    for key in ["u", "p", "rank_biserial", "median_with", "median_without", "mean_with", "mean_without", "perm_p"]:
        report[key] = None
    S = score_series(catalog, daily, outcome, first, D) if D else np.zeros(0)
    I = np.full(D, np.nan)
    for o in observed:
        I[o - first] = 0.0
    for o, v in daily.get(("intervention", intervention), {}).items():
        if v > 0:
            I[o - first] = 1.0

    def groups(Iseries):
        w, wo = [], []
        for t in range(1, D):
            if not np.isnan(Iseries[t - 1]) and not np.isnan(S[t]):
                (w if Iseries[t - 1] == 1 else wo).append(S[t])
        return np.array(w), np.array(wo)

    w, wo = groups(I)
    report["n_with"], report["n_without"] = len(w), len(wo)
    allv = np.concatenate([w, wo])
    if len(w) < 5:
        report["status"], report["reason"] = "insufficient", "too_few_with"
    elif len(wo) < 5:
        report["status"], report["reason"] = "insufficient", "too_few_without"
    elif np.all(allv == allv[0]):
        report["status"], report["reason"] = "insufficient", "constant_outcome"
    if report["status"] != "ok":
        return report
    mw = stats.mannwhitneyu(w, wo, use_continuity=True, alternative="two-sided", method="asymptotic")
    n1, n2 = len(w), len(wo)
    n = n1 + n2
    u1 = float(mw.statistic)
    # Spec formula, cross-checked against scipy (same tie term and continuity correction).
    _, tie_counts = np.unique(allv, return_counts=True)
    tie = float(np.sum(tie_counts.astype(float) ** 3 - tie_counts))
    sigma = math.sqrt(n1 * n2 / 12 * ((n + 1) - tie / (n * (n - 1))))
    z = (max(u1, n1 * n2 - u1) - n1 * n2 / 2 - 0.5) / sigma
    p = min(1.0, float(special.erfc(z / math.sqrt(2))))
    assert math.isclose(p, mw.pvalue, rel_tol=1e-9), (p, mw.pvalue)
    report.update({"u": u1, "p": p, "rank_biserial": 2 * u1 / (n1 * n2) - 1,
                   "median_with": float(np.median(w)), "median_without": float(np.median(wo)),
                   "mean_with": float(np.sum(w) / n1), "mean_without": float(np.sum(wo) / n2)})
    shifts = shifts_for(D)
    if shifts is not None:
        obs_stat = rank_biserial_abs(w, wo)
        count, valid = 0, 0
        for s in shifts:
            ws, wos = groups(np.roll(I, s))
            if len(ws) == 0 or len(wos) == 0:
                continue
            valid += 1
            if rank_biserial_abs(ws, wos) >= obs_stat - 1e-12:
                count += 1
        report["perm_p"] = (1 + count) / (valid + 1) if valid else None
    return report


# ---------------------------------------------------------------------------------------------------------
# Histories


class History:
    def __init__(self, name, start="2025-01-01"):
        self.name = name
        self.start = dt.date.fromisoformat(start).toordinal()
        self.entries = []
        self.meta = []

    def add(self, day_index, kind, name, value, minute=0):
        day = dt.date.fromordinal(self.start + day_index)
        hour = 8 + (minute // 60) % 14
        occurred = f"{day.isoformat()}T{hour:02d}:{minute % 60:02d}:00+01:00"
        self.entries.append((occurred, day.isoformat(), kind, name, value))

    def meta_row(self, kind, name, value_type, aggregate, direction="", low=None, high=None):
        self.meta.append((kind, name, value_type, aggregate, direction, "" if low is None else fmt(low),
                          "" if high is None else fmt(high)))

    def write(self):
        folder = os.path.join(OUT, self.name)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "entries.csv"), "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)  # RFC 4180: CRLF, minimal quoting
            writer.writerow(["occurred_at", "local_day", "kind", "name", "value"])
            for occurred, day, kind, name, value in self.entries:
                writer.writerow([occurred, day, kind, name, fmt(value)])
        with open(os.path.join(folder, "metadata.csv"), "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["kind", "name", "value_type", "aggregate", "direction", "min", "max"])
            writer.writerows(self.meta)
        return folder


def fmt(value):
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def ar1(rng, n, phi, sd=1.0):
    out = np.empty(n)
    out[0] = rng.normal(0, sd / math.sqrt(1 - phi * phi))
    for t in range(1, n):
        out[t] = phi * out[t - 1] + rng.normal(0, sd)
    return out


def planted(rng):
    """Two years with planted effects: stress (lag 1) and poor posture (lag 0) raise pain, yoga lowers next-day
    pain; six noise triggers (numeric and boolean, some autocorrelated) and a noise intervention."""
    h = History("planted")
    # With one year (351 shifts, perm_p >= 1/352) and 40 tests, BH needs at least three tests at the floor
    # to reach perm_q < 0.05, so the planted effects were found in only about half of the seeds tried;
    # with two years (716 shifts) two tests at the floor suffice and they were found in 11 of 11.
    days = 730
    stress = np.clip(np.round(5 + 2.2 * ar1(rng, days, 0.3) / math.sqrt(1 / (1 - 0.09))), 0, 10)
    posture = rng.random(days) < 0.3
    yoga = rng.random(days) < 0.4
    sleep = np.round(7 + ar1(rng, days, 0.5, 0.8), 1)
    noise = {"coffee": np.round(rng.gamma(2, 100, days)), "weather": np.round(ar1(rng, days, 0.6) * 3 + 15, 1),
             "screen time": np.round(rng.uniform(1, 8, days), 2)}
    noise_bool = {"alcohol": rng.random(days) < 0.15, "late meal": rng.random(days) < 0.35,
                  "dairy": ar1(rng, days, 0.8) > 0.5}
    pain = np.zeros(days)
    eps = ar1(rng, days, 0.2, 1.1)
    for t in range(days):
        prev_stress = stress[t - 1] if t > 0 else 5
        prev_yoga = yoga[t - 1] if t > 0 else False
        pain[t] = 4.0 + 0.8 * (prev_stress - 5) + 3.0 * posture[t] - 1.6 * prev_yoga + eps[t]
    pain = np.clip(np.round(pain), 0, 10)
    fatigue = np.clip(np.round(0.6 * pain + rng.normal(2, 1.5, days)), 0, 10)
    skipped = rng.random(days) < 0.06  # days with no entry at all
    for t in range(days):
        if skipped[t]:
            continue
        # pain logged one to three times; the daily value is the max.
        for j in range(rng.integers(1, 4)):
            h.add(t, "symptom", "pain", pain[t] if j == 0 else max(0, pain[t] - rng.integers(0, 3)), 30 * j)
        if rng.random() < 0.8:
            h.add(t, "symptom", "fatigue", fatigue[t], 200)
        # stress logged twice on some days: the daily value is the mean, so log values around the truth.
        if rng.random() < 0.3:
            h.add(t, "trigger", "stress", stress[t] - 1, 10)
            h.add(t, "trigger", "stress", stress[t] + 1, 400)
        elif rng.random() < 0.95:
            h.add(t, "trigger", "stress", stress[t], 10)
        if rng.random() < 0.9:
            h.add(t, "trigger", "poor posture", 1 if posture[t] else 0, 20)
        elif posture[t]:
            h.add(t, "trigger", "poor posture", 1, 20)
        if rng.random() < 0.9:
            h.add(t, "trigger", "sleep", sleep[t], 5)
        for name, series in noise.items():
            if rng.random() < 0.85:
                h.add(t, "trigger", name, series[t], 100)
        for name, series in noise_bool.items():
            if series[t]:
                h.add(t, "trigger", name, 1, 120)
        if yoga[t]:
            h.add(t, "intervention", "yoga", int(rng.integers(15, 46)), 600)
        if rng.random() < 0.5:
            h.add(t, "intervention", "walk", int(rng.integers(10, 60)), 700)
    h.meta_row("symptom", "pain", "scale", "max")
    h.meta_row("symptom", "fatigue", "scale", "")
    h.meta_row("trigger", "stress", "scale", "mean")
    h.meta_row("trigger", "sleep", "quantity", "mean")
    h.meta_row("trigger", "poor posture", "boolean", "any")
    h.meta_row("trigger", "coffee", "quantity", "")
    h.meta_row("trigger", "alcohol", "boolean", "")
    h.meta_row("trigger", "late meal", "boolean", "any")
    h.meta_row("trigger", "dairy", "boolean", "any")
    h.meta_row("intervention", "yoga", "quantity", "sum")
    h.meta_row("intervention", "meditation", "quantity", "sum")  # known, never logged
    folder = h.write()
    cases = [correlate_case(folder), correlate_case(folder, outcome="pain"),
             effect_case(folder, "yoga"), effect_case(folder, "walk"), effect_case(folder, "meditation")]
    return folder, cases


def ar_noise(rng):
    """Pure noise with strong persistence: 8 AR(1) triggers (phi 0.90-0.97) and an AR(1) outcome."""
    h = History("ar_noise", start="2024-03-01")
    days = 365
    phis = [0.90, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97]
    outcome = np.clip(np.round(5 + 2.2 * ar1(rng, days, 0.95) * math.sqrt(1 - 0.95**2)), 0, 10)
    triggers = {f"trigger {i + 1}": np.round(5 + 2 * ar1(rng, days, phi) * math.sqrt(1 - phi * phi), 2)
                for i, phi in enumerate(phis)}
    for t in range(days):
        h.add(t, "symptom", "pain", outcome[t], 0)
        for name, series in triggers.items():
            h.add(t, "trigger", name, series[t], 60)
        if rng.random() < 0.5:
            h.add(t, "intervention", "stretching", 10, 30)
    folder = h.write()
    return folder, [correlate_case(folder), effect_case(folder, "stretching")]


def sparse(rng):
    """Few days: gates failing; D < 28 so perm_p is null."""
    h = History("sparse", start="2026-02-10")
    days = 20
    pain = [2, 8, 3, 4, 9, 1, 2, 7, 3, 2, 5, 8, 2, 3, 1, 4, 2, 6, 3, 2]
    for t in range(days):
        h.add(t, "symptom", "pain", pain[t], 0)
        h.add(t, "trigger", "stress", int(rng.integers(0, 11)), 10)
        h.add(t, "trigger", "always three", 3, 20)  # constant_trigger
        if t % 4 == 0:
            h.add(t, "trigger", "rare", t, 30)  # too_few_pairs
        if t < 12:
            h.add(t, "intervention", "stretching", 10 if t % 3 == 0 else 0, 40)
        h.add(t, "trigger", "caffeine", 1 if t % 2 else 0, 50)
        h.add(t, "symptom", "itch", 2, 60)  # constant outcome
        if t not in (3, 9, 15):
            h.add(t, "intervention", "pill", 1, 70)  # too_few_without
        if t % 2 == 0:
            h.add(t, "intervention", "balm", 5, 80)
    h.meta_row("trigger", "caffeine", "boolean", "any")
    folder = h.write()
    return folder, [correlate_case(folder), correlate_case(folder, threshold=9),  # 9: too_few_flare_days
                    correlate_case(folder, threshold=1.5),  # too_few_nonflare_days
                    correlate_case(folder, lags="0,5,19,20,60"), effect_case(folder, "stretching"),
                    correlate_case(folder, since="2030-01-01"),  # empty window
                    effect_case(folder, "stretching", since="2030-01-01"), effect_case(folder, "pill"),
                    effect_case(folder, "balm", outcome="itch"),
                    effect_case(folder, "pill", outcome="itch", since="2026-02-12")]


def ties(rng):
    """Integer scales with few levels: ties everywhere in ranks; a 0/1 'numeric' trigger."""
    h = History("ties", start="2025-06-01")
    days = 120
    for t in range(days):
        level = int(rng.integers(0, 4))
        h.add(t, "symptom", "pain", min(10, 2 * level + int(rng.integers(0, 3))), 0)
        h.add(t, "trigger", "stress", level if rng.random() < 0.6 else int(rng.integers(0, 4)), 10)
        h.add(t, "trigger", "mood", int(rng.integers(0, 2)), 20)
        h.add(t, "trigger", "noise level", int(rng.integers(0, 3)) * 5, 30)
        if rng.random() < 0.5:
            h.add(t, "intervention", "rest", 1, 40)
    folder = h.write()
    return folder, [correlate_case(folder), correlate_case(folder, threshold=6, lags="0-1"),
                    effect_case(folder, "rest")]


def zero_cells(rng):
    """Boolean triggers with zero cells in their tables (Haldane correction) and symmetric margins."""
    h = History("zero_cells", start="2025-09-15")
    days = 100
    flare = rng.random(days) < 0.3
    for t in range(days):
        h.add(t, "symptom", "pain", 8 if flare[t] else int(rng.integers(0, 6)), 0)
        if flare[t] and rng.random() < 0.5:
            h.add(t, "trigger", "always before flare", 1, 10)  # b = 0 at lag 0
        if not flare[t] and rng.random() < 0.3:
            h.add(t, "trigger", "never before flare", 1, 10)  # a = 0 at lag 0
        if flare[t] or rng.random() < 0.2:
            h.add(t, "trigger", "every flare", 1, 10)  # c = 0 at lag 0
        if t % 2 == 0:
            h.add(t, "trigger", "alternate", 1, 10)
        if rng.random() < 0.05:
            h.add(t, "trigger", "rare yes", 1, 10)
            h.add(t, "trigger", "rare yes", 0, 11)  # 'any' of {1, 0} is 1
        h.add(t, "trigger", 'odd "name", β', int(rng.integers(0, 2)), 12)
    for name in ["always before flare", "never before flare", "every flare", "alternate", "rare yes",
                 'odd "name", β']:
        h.meta_row("trigger", name, "boolean", "any")
    folder = h.write()
    return folder, [correlate_case(folder), correlate_case(folder, lags="0")]


def explicit_flares(rng):
    """Flare entries on days without any symptom (rho_n < n) and on days with low scores."""
    h = History("explicit_flares", start="2025-11-01")
    days = 150
    stress = np.clip(np.round(5 + 2 * ar1(rng, days, 0.5) * math.sqrt(0.75)), 0, 10)
    for t in range(days):
        p = 3 + 0.5 * (stress[t - 1] - 5) + rng.normal(0, 1.5) if t else 3
        if rng.random() < 0.75:
            h.add(t, "symptom", "pain", int(np.clip(round(p), 0, 10)), 0)
        if p > 5.5 and rng.random() < 0.7:
            h.add(t, "flare", "flare", 1, 5)
        h.add(t, "trigger", "stress", stress[t], 10)
        if rng.random() < 0.4:
            h.add(t, "trigger", "bright light", 1, 20)
        if rng.random() < 0.3:
            h.add(t, "intervention", "ice", 1, 30)
    h.meta_row("trigger", "bright light", "boolean", "any")
    folder = h.write()
    return folder, [correlate_case(folder), correlate_case(folder, threshold=5), effect_case(folder, "ice")]


def windows(rng):
    """Two years, two symptoms; windows, a named outcome, a non-default threshold and lags."""
    h = History("windows", start="2024-01-01")
    days = 730
    stress = np.clip(np.round(5 + 2 * ar1(rng, days, 0.4) * math.sqrt(1 - 0.16)), 0, 10)
    sugar = rng.random(days) < 0.3
    for t in range(days):
        head = 2 + 0.6 * (stress[t - 2] - 5) + (1.5 if sugar[t] else 0) + rng.normal(0, 1.3) if t > 1 else 2
        h.add(t, "symptom", "headache", int(np.clip(round(head), 0, 10)), 0)
        h.add(t, "symptom", "nausea", int(rng.integers(0, 9)), 60)
        h.add(t, "trigger", "stress", stress[t], 10)
        if sugar[t]:
            h.add(t, "trigger", "sugar", 1, 20)
        h.add(t, "trigger", "steps", int(rng.normal(8000, 2500)), 30)
        if rng.random() < 0.35:
            h.add(t, "intervention", "nap", int(rng.integers(10, 90)), 40)
    h.meta_row("trigger", "sugar", "boolean", "any")
    h.meta_row("trigger", "steps", "quantity", "sum")
    h.meta_row("symptom", "dizziness", "scale", "max")  # known, never logged
    folder = h.write()
    return folder, [
        correlate_case(folder),
        correlate_case(folder, outcome="headache", threshold=5, lags="0,2,5-6", since="2024-03-01", until="2025-03-31"),
        correlate_case(folder, outcome="headache", threshold=4.5, lags="1-2", until="2024-01-20"),
        correlate_case(folder, outcome="dizziness"),
        effect_case(folder, "nap", outcome="headache", since="2024-06-01"),
        effect_case(folder, "nap", until="2024-02-10"),
    ]


def long_history(rng):
    """About 3.3 years, so N = 999 < D - 14 and the shifts are spaced by floor(i (D-14) / 999), not all used."""
    h = History("long", start="2022-05-01")
    days = 1200
    stress = np.clip(np.round(5 + 2 * ar1(rng, days, 0.6) * math.sqrt(1 - 0.36)), 0, 10)
    damp = ar1(rng, days, 0.9) > 0.8
    for t in range(days):
        if rng.random() < 0.1:
            continue
        p = 3 + 0.4 * (stress[t - 1] - 5) + (1.2 if damp[t] else 0) + rng.normal(0, 1.5) if t else 3
        h.add(t, "symptom", "joint pain", int(np.clip(round(p), 0, 10)), 0)
        h.add(t, "trigger", "stress", stress[t], 10)
        if damp[t]:
            h.add(t, "trigger", "damp weather", 1, 20)
        h.add(t, "trigger", "temperature", round(float(15 + 8 * math.sin(t / 58.1) + rng.normal(0, 2)), 1), 30)
        if rng.random() < 0.3:
            h.add(t, "intervention", "heat pad", 20, 40)
    h.meta_row("trigger", "damp weather", "boolean", "any")
    h.meta_row("trigger", "temperature", "quantity", "mean")
    folder = h.write()
    return folder, [correlate_case(folder, lags="0-2"), effect_case(folder, "heat pad")]


def ratings(rng):
    """Better-when-higher ratings: mood 0-10 (bad news lowers it the same day, a walk raises it the next day) and
    energy 1-5, next to a worse-when-higher pain that damp weather raises. The default score must ignore the
    ratings (a good mood is not a flare); --outcome mood scores badness 10 + 0 - mood."""
    h = History("ratings", start="2025-03-01")
    days = 420
    bad_news = rng.random(days) < 0.2
    walk = rng.random(days) < 0.45
    damp = ar1(rng, days, 0.7) > 0.6
    sunshine = np.round(np.clip(5 + 2.5 * ar1(rng, days, 0.5) * math.sqrt(1 - 0.25), 0, 14), 1)
    for t in range(days):
        if rng.random() < 0.05:
            continue
        prev_walk = walk[t - 1] if t else False
        mood = 6.5 - 3.5 * bad_news[t] + 1.2 * prev_walk + 0.2 * (sunshine[t] - 5) + rng.normal(0, 1.2)
        # Logged once or twice: the daily value is the mean.
        for j in range(rng.integers(1, 3)):
            h.add(t, "symptom", "mood", int(np.clip(round(mood + rng.normal(0, 0.8) * j), 0, 10)), 15 + 300 * j)
        if rng.random() < 0.8:
            h.add(t, "symptom", "energy", int(np.clip(round(3.5 - 1.2 * bad_news[t] + rng.normal(0, 0.8)), 1, 5)), 20)
        pain = 3 + 3 * damp[t] + rng.normal(0, 1.5)
        h.add(t, "symptom", "pain", int(np.clip(round(pain), 0, 10)), 30)
        if bad_news[t]:
            h.add(t, "trigger", "bad news", 1, 40)
        if damp[t]:
            h.add(t, "trigger", "damp weather", 1, 45)
        h.add(t, "trigger", "sunshine", sunshine[t], 50)
        if walk[t]:
            h.add(t, "intervention", "walk", int(rng.integers(20, 60)), 600)
    h.meta_row("symptom", "mood", "scale", "mean", BETTER, 0, 10)
    h.meta_row("symptom", "energy", "scale", "mean", BETTER, 1, 5)
    h.meta_row("symptom", "pain", "scale", "max", WORSE, 0, 10)
    h.meta_row("trigger", "bad news", "boolean", "any")
    h.meta_row("trigger", "damp weather", "boolean", "any")
    h.meta_row("trigger", "sunshine", "quantity", "mean", "", 0, 24)
    folder = h.write()
    return folder, [
        correlate_case(folder, lags="0-1"),
        correlate_case(folder, outcome="mood", lags="0-1"),
        correlate_case(folder, outcome="mood", threshold=6.5, lags="0", since="2025-06-01"),
        correlate_case(folder, outcome="energy", threshold=3, lags="0"),
        effect_case(folder, "walk", outcome="mood"),
        effect_case(folder, "walk"),
    ]


def correlate_case(folder, outcome=None, threshold=7.0, lags="0-3", since=None, until=None):
    return {"command": "correlate", "outcome": outcome, "threshold": threshold, "lags": lags, "since": since,
            "until": until, "expected": correlate(folder, outcome, threshold, lags, since, until)}


def effect_case(folder, intervention, outcome=None, since=None, until=None):
    return {"command": "effect", "intervention": intervention, "outcome": outcome, "since": since, "until": until,
            "expected": effect(folder, intervention, outcome, since, until)}


# ---------------------------------------------------------------------------------------------------------
# Special functions (reference values from mpmath at 50 digits, cross-checked against scipy)


def special_fixture(rng):
    mpmath.mp.dps = 50
    corr = []
    for n in [3, 4, 5, 14, 15, 30, 100, 365, 1000, 3650]:
        for r in [0.0, 1e-9, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999, 0.999999, 1 - 2**-40, 1.0, -0.3, -0.99]:
            rr = mpmath.mpf(r)
            if abs(r) == 1:
                p = mpmath.mpf(0)
            else:
                x = (1 - rr) * (1 + rr)
                p = mpmath.betainc((n - 2) / mpmath.mpf(2), mpmath.mpf(1) / 2, 0, x, regularized=True)
            corr.append([r, n, float(p)])
    beta = []
    for a, b in [(0.5, 0.5), (1, 1), (6, 0.5), (181.5, 0.5), (0.5, 181.5), (2.5, 7), (50, 50), (1824, 0.5)]:
        for x in [1e-12, 1e-6, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999999]:
            xm = mpmath.mpf(x)
            value = mpmath.betainc(a, b, 0, xm, regularized=True)
            y = float(1 - xm)
            beta.append([a, b, x, y, float(value)])
            assert math.isclose(float(value), special.betainc(a, b, x), rel_tol=1e-9, abs_tol=1e-300)
    erfc = []
    for z in [-3, -1, 0, 0.5, 1, 1.959963984540054, 3, 5, 8, 10, 20, 37]:
        value = mpmath.erfc(mpmath.mpf(z) / mpmath.sqrt(2))
        erfc.append([z, float(value)])
    fisher = []
    tables = [[0, 0, 0, 5], [0, 5, 5, 0], [3, 0, 0, 3], [1, 2, 2, 1], [5, 5, 5, 5], [10, 0, 0, 10], [0, 10, 10, 0],
              [2, 7, 8, 2], [12, 5, 3, 30], [50, 40, 45, 60], [0, 20, 30, 250], [100, 3, 2, 100], [7, 7, 7, 8]]
    for _ in range(20):
        tables.append([int(v) for v in rng.integers(0, 40, 4)])
    for a, b, c, d in tables:
        fisher.append([a, b, c, d, fisher_p(a, b, c, d)])
    bh_cases = [[0.01, 0.04, 0.03, 0.2, 0.04, 0.5, 1.0], [0.001], [0.5, 0.5, 0.5]]
    # Numbers as repr strings: Foundation's JSONSerialization on Linux does not always parse a double to the
    # nearest value (1 - 2**-40 came back 3 ulp off), and these inputs must be exact.
    def exact(rows):
        return [[repr(float(v)) for v in row] for row in rows]

    return {"correlation_p": exact(corr), "betainc": exact(beta), "erfc": exact(erfc), "fisher": exact(fisher),
            "bh": [[exact([p])[0], exact([bh(p)])[0]] for p in bh_cases]}


# ---------------------------------------------------------------------------------------------------------


def counts(report):
    ok = [r for r in report["results"] if r["status"] == "ok"]
    return {key: sum(1 for r in ok if r[key] is not None and r[key] < 0.05) for key in ["p", "q", "perm_p", "perm_q"]}, len(ok)


def main():
    os.makedirs(OUT, exist_ok=True)
    summary = {}
    # One independent stream per history, so that changing one history does not change the others.
    for index, make in enumerate([planted, ar_noise, sparse, ties, zero_cells, explicit_flares, windows, long_history,
                                     ratings]):
        folder, cases = make(np.random.default_rng([SEED, index]))
        with open(os.path.join(folder, "cases.json"), "w", encoding="utf-8") as handle:
            json.dump(cases, handle, indent=1, ensure_ascii=False)
            handle.write("\n")
        summary[os.path.basename(folder)] = cases
    with open(os.path.join(OUT, "special_functions.json"), "w", encoding="utf-8") as handle:
        json.dump(special_fixture(np.random.default_rng([SEED, 99])), handle, indent=1)
        handle.write("\n")

    noise_counts, m = counts(summary["ar_noise"][0]["expected"])
    print(f"ar_noise: out of {m} ok tests: " + ", ".join(f"{k} < 0.05: {v}" for k, v in noise_counts.items()))
    planted_report = summary["planted"][0]["expected"]
    findings = sorted((r["trigger"], r["lag"]) for r in planted_report["results"] if r["perm_q"] is not None and r["perm_q"] < 0.05)
    print("planted findings (perm_q < 0.05):", findings)
    assert ("stress", 1) in findings and ("poor posture", 0) in findings, findings
    planted_names = {"stress", "poor posture"}
    assert all(name in planted_names for name, _ in findings), findings
    yoga = summary["planted"][2]["expected"]
    print("planted yoga effect:", {k: yoga[k] for k in ["rank_biserial", "p", "perm_p", "median_with", "median_without"]})
    assert yoga["perm_p"] < 0.05 and yoga["rank_biserial"] < 0
    walk = summary["planted"][3]["expected"]
    print("noise intervention walk:", {k: walk[k] for k in ["rank_biserial", "p", "perm_p"]})
    any_symptom, mood = summary["ratings"][0]["expected"], summary["ratings"][1]["expected"]
    any_findings = sorted((r["trigger"], r["lag"]) for r in any_symptom["results"] if (r["perm_q"] or 1) < 0.05)
    mood_findings = sorted((r["trigger"], r["lag"]) for r in mood["results"] if (r["perm_q"] or 1) < 0.05)
    print("ratings, any symptom:", any_symptom["flare_rule"], any_findings)
    print("ratings, mood:", mood["flare_rule"], mood_findings, "flare days", mood["flare_days"])
    assert ("damp weather", 0) in any_findings and ("bad news", 0) not in any_findings, any_findings
    assert ("bad news", 0) in mood_findings, mood_findings
    walk_mood = summary["ratings"][4]["expected"]
    print("ratings, walk on mood:", {k: walk_mood[k] for k in ["rank_biserial", "p", "perm_p", "median_with"]})
    assert walk_mood["rank_biserial"] < 0 and walk_mood["perm_p"] < 0.05


if __name__ == "__main__":
    main()
