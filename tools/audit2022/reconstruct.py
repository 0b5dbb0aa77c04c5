"""Rebuild the reconstructed data set python/jobbench/datasets/audit2022/ from the figures of seed 003.

Run: ``python tools/audit2022/reconstruct.py``. The output is deterministic
(numpy seed 2022). What is published and what is invented is in the data set's README.md.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parents[2] / "python" / "jobbench" / "datasets" / "audit2022"
STRATA = ["5-7", "7-10", "10+"]
TARGET_GROUP = "kth_aktivitetsparat_5plus"
# Table 11: population per municipality (1 March 2020), in the table's order
POPULATION = {
    "Brøndby": 362, "Lolland": 315, "Odense": 1590, "Slagelse": 558, "Guldborgsund": 377,
    "København": 4646, "Høje-Taastrup": 285, "Aalborg": 1220, "Vordingborg": 223, "Esbjerg": 574,
    "Norddjurs": 154, "Næstved": 316, "Ballerup": 174, "Kolding": 338, "Aarhus": 1361, "Vejle": 396,
    "Vesthimmerland": 115, "Herning": 286, "Faaborg-Midtfyn": 137, "Thisted": 109, "Nordfyn": 75,
    "Sønderborg": 178, "Viborg": 222, "Fredensborg": 90, "Middelfart": 63,
}
# criterion -> (met, base) on 375 cases unless a filter or fixed not_relevant narrows the base
TARGETS = {
    "jobsamtaler_8_paa_2_aar": (210, 375), "job_ressourcefokus": (227, 375),
    "dialog_joboensker": (179, 227), "konkrete_jobmuligheder": (157, 227),
    "jobmaal_opstillet": (118, 227), "faglige_personlige_ressourcer": (136, 227),
    "ressourcer_at_udvikle": (123, 227), "fokus_barrierer": (266, 375),
    "undtaget_225_timer": (308, 372), "begrundelse_individuel": (191, 308),
    "begrundelse_standard": (108, 308), "forlaengelse_undtagelse": (268, 308),
    "udeblivelser": (108, 375), "sanktioneret": (51, 108), "min_plan": (364, 375),
    "jobmaal_i_planen": (190, 356), "jobmaal_konkret": (167, 190), "delmaal_i_planen": (146, 356),
    "cv_jobnet": (225, 375), "tilbud_maal": (319, 375), "tilbud_maal_specifikt": (191, 375),
    "tilbud_delmaal": (146, 375), "tilbud_opfoelgning": (262, 375),
    "helbredsmestring_parallelt": (107, 356), "fritaget_sygdom": (161, 375),
    "mentor_under_fritagelse": (54, 185), "lange_perioder_uden_tilbud": (161, 375),
    "afbrudte_forloeb": (86, 375), "virksomhedsrettet_indsats": (196, 375),
    "opfoelgning_seneste_forloeb": (131, 192), "virksomhed_inddraget": (113, 192),
    "slutevaluering": (83, 192), "koordinering": (248, 375), "moeder_andre_forvaltninger": (95, 375),
    "indsatser_andre_forvaltninger": (130, 375), "rundbordssamtaler": (85, 375),
    "laegeattest": (250, 375),
}
# Table 2: Ja of "evne til at deltage stabilt" by number of challenges (7 cases without any)
STABLE = {"0": (0, 7), "1": (43, 99), "2": (64, 135), "3": (58, 90), "4+": (36, 44)}
DIRECTION = {"jobrettet_u50": 131, "jobrettet_50plus": 73, "rehabiliterende": 125, "fritagelse": 43,
             "ukendt": 3}
WOMEN = {"5-7": 60, "7-10": 70, "10+": 84}  # 214 of 375 (Table 12: 48/56/66 %)


def frame() -> pd.DataFrame:
    """N_h: Table 11's totals split by seniority (København 47 % and Nordfyn 23 % 10+, Fig. 3; the
    others so that 40 % are 10+ overall, the rest 48:52 as in Table 1)."""
    rows = []
    others = sum(v for k, v in POPULATION.items() if k not in ("København", "Nordfyn"))
    share10_other = (0.40 * 14164 - 0.47 * 4646 - 0.23 * 75) / others
    for m, total in POPULATION.items():
        s10 = {"København": 0.47, "Nordfyn": 0.23}.get(m, share10_other)
        exact = np.array([0.483 * (1 - s10), 0.517 * (1 - s10), s10]) * total
        n = np.floor(exact).astype(int)
        for k in np.argsort(-(exact - n), kind="stable")[: total - n.sum()]:
            n[k] += 1
        rows += [{"municipality": m, "target_group": TARGET_GROUP, "stratum": s, "N": int(x)}
                 for s, x in zip(STRATA, n)]
    return pd.DataFrame(rows)


def assign(rng: np.random.Generator, effect: np.ndarray, eligible: np.ndarray, met: int,
           base: int) -> np.ndarray:
    """Outcomes over the cases: `base` of the eligible judged, the `met` with the highest score."""
    out = np.full(len(eligible), "not_relevant", dtype=object)
    idx = np.flatnonzero(eligible)
    judged = rng.choice(idx, size=base, replace=False) if base < len(idx) else idx
    score = effect[judged] + rng.normal(size=len(judged))
    order = judged[np.argsort(-score, kind="stable")]
    out[order[:met]] = "met"
    out[order[met:]] = "not_met"
    return out


def cases(rng: np.random.Generator) -> pd.DataFrame:
    munis = list(POPULATION)
    base = pd.DataFrame([{"municipality": m, "case": f"S{5 * h + k + 1:02d}", "target_group": TARGET_GROUP,
                          "stratum": s} for m in munis for h, s in enumerate(STRATA) for k in range(5)])
    n = len(base)
    women = np.zeros(n, dtype=bool)
    for s, k in WOMEN.items():
        women[rng.choice(np.flatnonzero(base["stratum"] == s), size=k, replace=False)] = True
    base["koen"] = np.where(women, "kvinde", "mand")
    base["retning"] = rng.permutation(np.repeat(list(DIRECTION), list(DIRECTION.values())))
    counts = {k: v[1] for k, v in STABLE.items()}
    base["udfordringer"] = rng.permutation(np.repeat(list(counts), list(counts.values())))
    effect = np.repeat(rng.normal(scale=0.7, size=len(munis)), 15)  # municipality effects
    stable = np.full(n, "not_met", dtype=object)
    for value, (met, _) in STABLE.items():
        stable_idx = np.flatnonzero(base["udfordringer"] == value)
        stable[rng.choice(stable_idx, size=met, replace=False)] = "met"
    base["evne_deltage_stabilt"] = stable
    filters = pd.read_csv(OUT.parents[1] / "audit" / "catalogues" / "audit2022.csv", dtype=str,
                          keep_default_na=False).set_index("criterion")["filter"]
    for criterion, (met, size) in TARGETS.items():
        parent = filters[criterion]
        eligible = np.ones(n, dtype=bool) if not parent else (base[parent] == "met").to_numpy()
        if criterion == "undtaget_225_timer":
            eligible &= (base["retning"] != "ukendt").to_numpy()
        if criterion in ("delmaal_i_planen", "helbredsmestring_parallelt"):
            eligible = (base["jobmaal_i_planen"] != "not_relevant").to_numpy()
        base[criterion] = assign(rng, effect, eligible, met, size)
    return base


def main() -> None:
    rng = np.random.default_rng(2022)
    OUT.mkdir(parents=True, exist_ok=True)
    frame().to_csv(OUT / "frame.csv", index=False, lineterminator="\n")
    cases(rng).to_csv(OUT / "cases.csv", index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


if __name__ == "__main__":
    main()
