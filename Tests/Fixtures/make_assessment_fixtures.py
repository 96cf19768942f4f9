#!/usr/bin/env python3
"""Generates the reference scores of flarelog's clinical assessments (docs/assessments.md).

An independent implementation in numpy, written from the published rules and not from the Swift code.
Run from anywhere; it rewrites Tests/FlareKitTests/Fixtures/assessments/cases.json deterministically
(fixed seed):

    python3 Tests/Fixtures/make_assessment_fixtures.py

Each case is {"instrument", "answers" (the stored JSON shape), "expected": {"score", "subscores", "band",
"criteria_met", "generalized_pain"}}. Hand-picked edge cases of every band and rule come first, then random
answers.
"""

import json
import os

import numpy as np

REGIONS = [
    "left-jaw", "right-jaw", "left-shoulder-girdle", "right-shoulder-girdle", "left-upper-arm", "right-upper-arm",
    "left-lower-arm", "right-lower-arm", "left-hip", "right-hip", "left-upper-leg", "right-upper-leg",
    "left-lower-leg", "right-lower-leg", "neck", "upper-back", "lower-back", "chest", "abdomen",
]
# Wolfe et al. 2016: five regions of generalized pain; jaw, chest and abdomen count toward none.
AREAS = [
    {"left-shoulder-girdle", "left-upper-arm", "left-lower-arm"},
    {"right-shoulder-girdle", "right-upper-arm", "right-lower-arm"},
    {"left-hip", "left-upper-leg", "left-lower-leg"},
    {"right-hip", "right-upper-leg", "right-lower-leg"},
    {"neck", "upper-back", "lower-back"},
]


def acr2016(answers):
    regions = set(answers["regions"])
    wpi = len(regions)
    sss = sum(answers[k] for k in ("fatigue", "unrefreshed", "cognitive", "headaches", "lower_abdomen", "depression"))
    generalized = sum(1 for area in AREAS if area & regions) >= 4
    severity = (wpi >= 7 and sss >= 5) or (4 <= wpi <= 6 and sss >= 9)
    psd = wpi + sss
    # Polysymptomatic distress categories, Wolfe et al., J Rheumatol 2015;42:1494.
    band = "none" if psd <= 3 else "mild" if psd <= 7 else "moderate" if psd <= 11 else "severe" if psd <= 19 \
        else "very severe"
    return {
        "score": float(psd), "subscores": {"wpi": wpi, "sss": sss, "psd": psd}, "band": band,
        "criteria_met": bool(severity and generalized and answers["three_months"]), "generalized_pain": generalized,
    }


def fiqr(answers):
    items = answers["items"]
    subscores = {}
    for name, first, last, divisor in (("function", 1, 9, 3.0), ("impact", 10, 11, 1.0), ("symptoms", 12, 21, 2.0)):
        domain = np.array([np.nan if v is None else v for v in items[first - 1:last]], dtype=float)
        answered = np.count_nonzero(~np.isnan(domain))
        # A missing answer scales the domain's sum by items/answered.
        subscores[name] = float(np.nansum(domain) * len(domain) / answered / divisor)
    return {"score": float(sum(subscores.values())), "subscores": subscores, "band": None}


def basdai(answers):
    q = np.array(answers["items"], dtype=float)
    score = float((q[0] + q[1] + q[2] + q[3] + (q[4] + q[5]) / 2) / 5)
    return {"score": score, "subscores": {}, "band": "active" if score >= 4 else "not active"}


def asdas_crp(answers):
    crp = max(answers["crp"], 2.0)  # Machado et al. 2015: a CRP below 2 mg/L counts as 2
    score = float(0.121 * answers["back_pain"] + 0.110 * answers["patient_global"] + 0.073 * answers["peripheral"]
                  + 0.058 * answers["stiffness_duration"] + 0.579 * np.log(crp + 1))
    band = "inactive" if score < 1.3 else "low" if score < 2.1 else "high" if score <= 3.5 else "very high"
    return {"score": score, "subscores": {"crp_used": crp}, "band": band}


def acr_answers(regions, f, u, c, h, a, d, three=True):
    return {"regions": [r for r in REGIONS if r in regions], "fatigue": f, "unrefreshed": u, "cognitive": c,
            "headaches": h, "lower_abdomen": a, "depression": d, "three_months": three}


def asdas_answers(b, g, p, s, crp):
    return {"back_pain": b, "patient_global": g, "peripheral": p, "stiffness_duration": s, "crp": crp}


def cases():
    rng = np.random.default_rng(20161)
    four_areas = ["left-upper-arm", "right-upper-arm", "left-hip", "neck"]
    out = [
        # WPI 4-6 with SSS 9: criteria met; with SSS 8: not.
        ("acr2016", acr_answers(four_areas, 3, 3, 2, 1, 0, 0)),
        ("acr2016", acr_answers(four_areas, 3, 3, 1, 1, 0, 0)),
        # WPI 7 and SSS 5: met; SSS 4: not.
        ("acr2016", acr_answers(four_areas + ["chest", "abdomen", "left-jaw"], 2, 2, 1, 0, 0, 0)),
        ("acr2016", acr_answers(four_areas + ["chest", "abdomen", "left-jaw"], 2, 1, 1, 0, 0, 0)),
        # Jaw, chest and abdomen only: WPI 5 but no generalized pain.
        ("acr2016", acr_answers(["left-jaw", "right-jaw", "chest", "abdomen", "neck"], 3, 3, 3, 1, 1, 1)),
        # Everything, and the 3 months not met.
        ("acr2016", acr_answers(REGIONS, 3, 3, 3, 1, 1, 1, three=False)),
        ("acr2016", acr_answers([], 0, 0, 0, 0, 0, 0)),
        # PSD band edges: 3/4, 7/8, 11/12, 19/20.
        ("acr2016", acr_answers(REGIONS[:3], 0, 0, 0, 0, 0, 0)),
        ("acr2016", acr_answers(REGIONS[:4], 0, 0, 0, 0, 0, 0)),
        ("acr2016", acr_answers(REGIONS[:7], 0, 0, 0, 0, 0, 0)),
        ("acr2016", acr_answers(REGIONS[:8], 0, 0, 0, 0, 0, 0)),
        ("acr2016", acr_answers(REGIONS[:11], 0, 0, 0, 0, 0, 0)),
        ("acr2016", acr_answers(REGIONS[:12], 0, 0, 0, 0, 0, 0)),
        ("acr2016", acr_answers(REGIONS[:19], 0, 0, 0, 0, 0, 0)),
        ("acr2016", acr_answers(REGIONS[:19], 1, 0, 0, 0, 0, 0)),
        # FIQR complete, with a missing item in each domain, all zero, all ten.
        ("fiqr", {"items": [3, 4, 5, 6, 7, 2, 1, 0, 9, 5, 6, 7, 8, 2, 3, 4, 5, 6, 7, 1, 10]}),
        ("fiqr", {"items": [3, None, 5, 6, 7, 2, 1, 0, 9, 5, 6, 7, 8, 2, 3, 4, 5, 6, 7, 1, 10]}),
        ("fiqr", {"items": [3, 4, 5, 6, 7, 2, 1, 0, 9, None, 6, 7, 8, None, 3, 4, 5, None, 7, 1, 10]}),
        ("fiqr", {"items": [0] * 21}),
        ("fiqr", {"items": [10] * 21}),
        # BASDAI on either side of 4.
        ("basdai", {"items": [4, 4, 4, 4, 4, 4]}),
        ("basdai", {"items": [4, 4, 4, 3.9, 4, 4]}),
        ("basdai", {"items": [10, 10, 10, 10, 10, 10]}),
        ("basdai", {"items": [2.5, 7, 1, 0, 6, 3]}),
        # ASDAS: CRP below 2 counts as 2, exactly 2, above; bands.
        ("asdas-crp", asdas_answers(0, 0, 0, 0, 0.5)),
        ("asdas-crp", asdas_answers(0, 0, 0, 0, 2)),
        ("asdas-crp", asdas_answers(3, 2, 1, 2, 1.9)),
        ("asdas-crp", asdas_answers(5, 5, 2, 5, 8)),
        ("asdas-crp", asdas_answers(9, 9, 6, 10, 60)),
    ]
    for _ in range(40):
        regions = [r for r in REGIONS if rng.random() < rng.random()]
        out.append(("acr2016", acr_answers(
            regions, *[int(rng.integers(0, 4)) for _ in range(3)], *[int(rng.integers(0, 2)) for _ in range(3)],
            three=bool(rng.random() < 0.7))))
        out.append(("fiqr", {"items": [None if rng.random() < 0.1 else int(rng.integers(0, 11)) for _ in range(21)]}))
        out.append(("basdai", {"items": [round(float(rng.uniform(0, 10)), 1) for _ in range(6)]}))
        out.append(("asdas-crp", asdas_answers(*[round(float(rng.uniform(0, 10)), 1) for _ in range(4)],
                                               round(float(rng.lognormal(1.0, 1.2)), 1))))
    scorers = {"acr2016": acr2016, "fiqr": fiqr, "basdai": basdai, "asdas-crp": asdas_crp}
    result = []
    for instrument, answers in out:
        if instrument == "fiqr":  # every domain needs an answer: re-roll is not needed with 10% gaps, but check
            assert all(any(v is not None for v in answers["items"][a:b]) for a, b in ((0, 9), (9, 11), (11, 21)))
        result.append({"instrument": instrument, "answers": answers, "expected": scorers[instrument](answers)})
    return result


def main():
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "FlareKitTests", "Fixtures", "assessments")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "cases.json"), "w") as file:
        json.dump(cases(), file, indent=1)
        file.write("\n")


if __name__ == "__main__":
    main()
