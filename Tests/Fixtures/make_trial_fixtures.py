#!/usr/bin/env python3
"""Generates the fixtures of flarelog's single-patient trials (docs/analysis.md, "Single-patient trials").

An independent reference written from the document, with scipy for every distribution:
scipy.stats.ttest_1samp for the paired t and its two-sided p, scipy.stats.t.ppf for the 95% interval,
scipy.stats.t.sf (loc = mean difference, scale = s/sqrt(k)) for the posterior probabilities, and plain
enumeration of all 2^k sign patterns for the exact randomisation p. Daily scores come from the analysis
reference (make_analysis_fixtures.py: load, outcome_rule), so a trial reads its outcome exactly as correlate.

    python3 Tests/Fixtures/make_trial_fixtures.py

writes Tests/FlareKitTests/Fixtures/trial/<case>/{entries.csv, metadata.csv, case.json} and seeds.json
(the SplitMix64 order of a few seeds) deterministically.
"""

import datetime as dt
import itertools
import json
import math
import os
import sys

import numpy as np
from scipy import stats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_analysis_fixtures as reference  # noqa: E402

OUT = os.path.join(reference.HERE, "..", "FlareKitTests", "Fixtures", "trial")
SEED = 20261204
MINIMUM_DAYS = 3
TIE = 1e-12
MASK = (1 << 64) - 1


def splitmix_arms(blocks, seed):
    state = seed
    arms = ""
    for _ in range(blocks):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        arms += "AB" if z >> 63 == 0 else "BA"
    return arms


def iso(ordinal):
    return dt.date.fromordinal(ordinal).isoformat()


def analyze(folder, plan, through):
    """The statistics document of a trial (its `trial` member aside)."""
    start = dt.date.fromisoformat(plan["start"]).toordinal()
    last = dt.date.fromisoformat(through).toordinal()
    catalog, daily, _observed, _flares = reference.load(folder, since=plan["start"], until=through)
    _direction, badness = reference.outcome_rule(catalog, plan["outcome"])
    scores = {day: badness(v) for day, v in daily.get(("symptom", plan["outcome"]), {}).items()}
    taken = {day for day, v in daily.get(("intervention", plan["intervention"]), {}).items() if v > 0}
    period, washout, arms = plan["period"], plan["washout"], plan["arms"]
    blocks, residuals, analysed_days = [], {}, 0
    for block in range(plan["blocks"]):
        spans = {}
        for half in range(2):
            index = 2 * block + half
            begin = start + index * period
            days = [(d, scores[d]) for d in range(begin + washout, begin + period) if d <= last and d in scores]
            spans[arms[index]] = (begin + washout, begin + period - 1, days)
        a_from, a_to, a_days = spans["A"]
        b_from, b_to, b_days = spans["B"]
        analysed_days += len(a_days) + len(b_days)
        mean_a = float(np.mean([s for _, s in a_days])) if a_days else None
        mean_b = float(np.mean([s for _, s in b_days])) if b_days else None
        included = len(a_days) >= MINIMUM_DAYS and len(b_days) >= MINIMUM_DAYS
        if included:
            residuals.update({d: s - mean_a for d, s in a_days})
            residuals.update({d: s - mean_b for d, s in b_days})
        blocks.append({
            "index": block + 1, "a_from": iso(a_from), "a_to": iso(a_to), "b_from": iso(b_from), "b_to": iso(b_to),
            "n_a": len(a_days), "n_b": len(b_days), "mean_a": mean_a, "mean_b": mean_b,
            "d": mean_b - mean_a if a_days and b_days else None, "included": included,
            "a_days_without": sum(1 for d, _ in a_days if d not in taken),
            "b_days_with": sum(1 for d, _ in b_days if d in taken),
        })
    pairs = [(residuals[d], residuals[d + 1]) for d in sorted(residuals) if d + 1 in residuals]
    denominator = sum(e * e for e in residuals.values())
    doc = {
        "blocks": blocks,
        "autocorrelation_lag1": sum(x * y for x, y in pairs) / denominator if pairs and denominator > 0 else None,
        "adherence": {"a_days_without": sum(b["a_days_without"] for b in blocks),
                      "b_days_with": sum(b["b_days_with"] for b in blocks), "analysed_days": analysed_days},
    }
    for key in ["mean_difference", "sd", "t", "df", "p_t", "ci95", "p_randomization", "p_better", "p_better_by_1",
                "p_better_by_30pct"]:
        doc[key] = None
    d = np.array([b["d"] for b in blocks if b["included"]])
    k = len(d)
    if k < 2:
        doc.update(status="insufficient", reason="too_few_blocks")
        return doc
    if np.all(d == d[0]):
        doc.update(status="insufficient", reason="identical_differences")
        return doc
    test = stats.ttest_1samp(d, 0.0)
    mean, sd = float(np.mean(d)), float(np.std(d, ddof=1))
    se = sd / math.sqrt(k)
    margin = stats.t.ppf(0.975, k - 1) * se
    interval = test.confidence_interval(0.95)
    assert abs(interval.low - (mean - margin)) < 1e-12 and abs(interval.high - (mean + margin)) < 1e-12
    observed = abs(mean)
    count = 0
    for signs in itertools.product((1.0, -1.0), repeat=k):
        if abs(float(np.mean(np.array(signs) * d))) >= observed - TIE:
            count += 1
    mean_b = float(np.mean([b["mean_b"] for b in blocks if b["included"]]))
    doc.update(
        mean_difference=mean, sd=sd, t=float(test.statistic), df=k - 1, p_t=float(test.pvalue),
        ci95=[mean - margin, mean + margin], p_randomization=count / 2 ** k,
        p_better=float(stats.t.sf(0, k - 1, loc=mean, scale=se)),
        p_better_by_1=float(stats.t.sf(1, k - 1, loc=mean, scale=se)),
        p_better_by_30pct=float(stats.t.sf(0.3 * mean_b, k - 1, loc=mean, scale=se)),
        status="ok", reason=None)
    return doc


class Trial:
    """A history around one trial: a few days before it, the trial days, a few after."""

    def __init__(self, name, blocks, period=7, washout=2, seed=1, outcome="pain", comparison=None,
                 start="2026-03-02"):
        self.history = reference.History(name, start="2026-02-20")
        self.plan = {"intervention": "yoga", "comparison": comparison, "outcome": outcome, "period": period,
                     "washout": washout, "blocks": blocks, "seed": seed, "start": start,
                     "arms": splitmix_arms(blocks, seed)}
        self.offset = dt.date.fromisoformat(start).toordinal() - self.history.start

    def arm(self, trial_day):
        return self.plan["arms"][trial_day // self.plan["period"]]

    @property
    def days(self):
        return 2 * self.plan["blocks"] * self.plan["period"]

    def write(self, through=None):
        last = dt.date.fromisoformat(self.plan["start"]).toordinal() + self.days - 1
        through = through or iso(last)
        reference.OUT = OUT
        folder = self.history.write()
        return {"name": self.history.name, "plan": self.plan, "through": through,
                "expected": analyze(folder, self.plan, through)}


def simulate(trial, rng, effect, sd=1.2, phi=0.5, skip=0.05, off_plan=0.05, rounding=1):
    """Pain around 6 lowered by `effect` on A days (after a day's delay), AR(1) noise, yoga logged on A days."""
    total = trial.offset + trial.days + 6
    noise = reference.ar1(rng, total, phi, sd)
    for t in range(total):
        trial_day = t - trial.offset
        on_a = 0 <= trial_day < trial.days and trial.arm(trial_day) == "A"
        takes = on_a != (rng.random() < off_plan)
        if takes:
            trial.history.add(t, "intervention", "yoga", int(rng.integers(15, 45)), 420)
        if rng.random() < skip:
            continue
        pain = 6 + noise[t] - (effect if on_a and trial_day % trial.plan["period"] >= 1 else 0)
        for j in range(int(rng.integers(1, 3))):
            trial.history.add(t, "symptom", "pain", round(float(np.clip(pain + 0.5 * j, 0, 10)), rounding), 30 + 200 * j)
    trial.history.meta_row("symptom", "pain", "scale", "max", reference.WORSE, 0, 10)
    trial.history.meta_row("intervention", "yoga", "quantity", "sum")


def main():
    rng = np.random.default_rng(SEED)
    cases = []

    null = Trial("null", blocks=6, seed=11)
    simulate(null, rng, effect=0.0)
    cases.append(null.write())

    strong = Trial("strong", blocks=5, seed=12)
    simulate(strong, rng, effect=2.5, sd=0.9)
    cases.append(strong.write())

    # Block 3's B period has only two valued days, and a fifth of the days are off plan.
    left_out = Trial("left_out", blocks=6, seed=13, washout=1)
    simulate(left_out, rng, effect=1.0, off_plan=0.25)
    b_period = 4 + (0 if left_out.plan["arms"][4] == "B" else 1)
    keep = {left_out.offset + b_period * 7 + 1, left_out.offset + b_period * 7 + 5}
    left_out.history.entries = [
        e for e in left_out.history.entries
        if not (e[2] == "symptom" and b_period * 7 <= dt.date.fromisoformat(e[1]).toordinal()
                - dt.date.fromisoformat(left_out.plan["start"]).toordinal() < b_period * 7 + 7
                and dt.date.fromisoformat(e[1]).toordinal() - left_out.history.start not in keep)]
    cases.append(left_out.write())

    # Whole-number scores constant inside each period: the differences 1, 1, 2, 2, 1, -1 give many sign patterns
    # with the same |mean| (ties), and every residual is 0 (no autocorrelation).
    ties = Trial("ties", blocks=6, seed=14, washout=0, period=4)
    differences = [1, 1, 2, 2, 1, -1]
    for t in range(ties.offset + ties.days):
        trial_day = t - ties.offset
        if trial_day < 0:
            ties.history.add(t, "symptom", "pain", 5, 30)
            continue
        block = trial_day // 8
        value = 6 - differences[block] if ties.arm(trial_day) == "A" else 6
        if ties.arm(trial_day) == "A":
            ties.history.add(t, "intervention", "yoga", 30, 420)
        ties.history.add(t, "symptom", "pain", value, 30)
    ties.history.meta_row("symptom", "pain", "scale", "max", reference.WORSE, 0, 10)
    cases.append(ties.write())

    two = Trial("k2", blocks=2, seed=15, period=10, washout=3)
    simulate(two, rng, effect=1.5)
    cases.append(two.write())

    # Eight blocks, a better-when-higher mood against another intervention (B = walk).
    eight = Trial("k8_mood", blocks=8, seed=16, period=5, washout=1, outcome="mood", comparison="walk")
    total = eight.offset + eight.days
    noise = reference.ar1(rng, total, 0.4, 1.0)
    for t in range(total):
        trial_day = t - eight.offset
        on_a = trial_day >= 0 and eight.arm(trial_day) == "A"
        eight.history.add(t, "intervention", "yoga" if on_a else "walk", 30, 420)
        if rng.random() < 0.08:
            continue
        mood = 5.5 + noise[t] + (0.8 if on_a else 0)
        for j in range(int(rng.integers(1, 3))):
            eight.history.add(t, "symptom", "mood", int(np.clip(round(mood + rng.normal(0, 0.5)), 0, 10)), 30 + 200 * j)
    eight.history.meta_row("symptom", "mood", "scale", "mean", reference.BETTER, 0, 10)
    eight.history.meta_row("intervention", "yoga", "quantity", "sum")
    eight.history.meta_row("intervention", "walk", "quantity", "sum")
    cases.append(eight.write())

    # Stopped in block 4 of 6: blocks 4-6 have too few days and only three blocks count.
    stopped = Trial("stopped", blocks=6, seed=17)
    simulate(stopped, rng, effect=1.0)
    cases.append(stopped.write(through=iso(dt.date.fromisoformat("2026-03-02").toordinal() + 3 * 14 + 2)))

    # Stopped in block 2: one block only, nothing can be computed.
    early = Trial("insufficient", blocks=5, seed=18)
    simulate(early, rng, effect=1.0)
    cases.append(early.write(through="2026-03-20"))

    for case in cases:
        with open(os.path.join(OUT, case["name"], "case.json"), "w", encoding="utf-8") as handle:
            json.dump(case, handle, indent=1, sort_keys=True)
            handle.write("\n")
    seeds = [{"seed": seed, "blocks": blocks, "arms": splitmix_arms(blocks, seed)}
             for seed, blocks in [(0, 8), (1, 5), (42, 20), (2 ** 63 - 1, 12), (20261204, 6)]]
    with open(os.path.join(OUT, "seeds.json"), "w", encoding="utf-8") as handle:
        json.dump(seeds, handle, indent=1)
        handle.write("\n")
    for case in cases:
        e = case["expected"]
        print(case["name"], case["plan"]["arms"], e["status"], e["mean_difference"], e["p_t"], e["p_randomization"],
              e["autocorrelation_lag1"], e["adherence"])


if __name__ == "__main__":
    main()
