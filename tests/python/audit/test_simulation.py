"""Coverage of a known population's share: the design-based interval covers at close to 95 %, the
unweighted share does not when strata are sampled unequally (issue 17, "Done when")."""
from __future__ import annotations

import numpy as np
import pandas as pd

from jobbench import audit

SIZES = {"small": 60, "medium": 300, "large": 1500}
RATES = {"small": 0.8, "medium": 0.5, "large": 0.2}  # the share differs by stratum
N_SIM = 400


def population(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for stratum, size in SIZES.items():
        met = rng.random(size) < RATES[stratum]
        rows += [{"case": f"{stratum}{i}", "stratum": stratum, "met": bool(m)} for i, m in enumerate(met)]
    return pd.DataFrame(rows)


def test_design_intervals_cover_and_the_unweighted_share_does_not():
    """Each simulated sample is its own 'municipality', so one call estimates all of them."""
    rng = np.random.default_rng(17)
    pop = population(rng)
    truth = pop["met"].mean()
    samples, frames = [], []
    for seed in range(N_SIM):
        drawn = audit.sample(pop, 90, rule="equal", seed=seed)  # 30 per stratum: unequal fractions
        samples.append(pd.DataFrame({"municipality": f"sim{seed}", "case": drawn["case"], "target_group": "tg",
                                     "stratum": drawn["stratum"], "criterion": "c",
                                     "outcome": np.where(drawn["met"], "met", "not_met")}))
        frames.append(pd.DataFrame({"municipality": f"sim{seed}", "target_group": "tg", "stratum": list(SIZES),
                                    "N": list(SIZES.values())}))
    cases, frame = pd.concat(samples, ignore_index=True), pd.concat(frames, ignore_index=True)
    coverage = {}
    for weights in ("design", "none"):
        got = audit.shares(cases, weights=weights, frame=frame)
        assert len(got) == N_SIM
        coverage[weights] = ((got["lower"] <= truth) & (truth <= got["upper"])).mean()
    assert 0.90 <= coverage["design"] <= 0.99, coverage
    assert coverage["none"] < 0.5, coverage
