"""``write_templates``: a folder of input CSVs to fill in with one's own data (``jobbench init``).

The files have the columns the benchmark reads (:meth:`jobbench.Benchmark.from_csv`) and are filled
with a shipped data set as a worked example, so that the folder runs as it is and each row shows
what belongs there. A README in the folder says which file holds what and which codes are valid.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Union

from .._errors import InputError
from ..specs import read_text as read_spec_text

INPUT_FILES = ("fte.csv", "person_years.csv", "population.csv", "quality.csv")
_CODE_FILES = ("tasks.csv", "groups.csv")

_README = """# Own data for jobbench

Made by `jobbench init` from the shipped data set `{dataset}` ({n} municipalities). The CSVs hold that
data set as a worked example: **replace its rows with your own** and keep the header rows. The FTE
and person-years of `{dataset}` are reconstructed from the published 2013 report (consistent with
its printed figures, not the municipalities' actual data).

| file | columns | content |
|---|---|---|
| `fte.csv` | `municipality,task,fte,fte_external` | FTE (årsværk) per municipality and leaf task; `fte_external` = the part paid by pools and wage subsidies (0 if none). Task codes: `tasks.csv` (leaves only). |
| `person_years.csv` | `municipality,group,person_years` | person-years (årspersoner) per municipality and base target group (`base` true in `groups.csv`; the others are sums of their `components`). |
| `population.csv` | `municipality,population` | optional: population 18–64 (forsørgelsestryk, Bilag I). |
| `quality.csv` | `table,indicator,municipality,value` | optional: quality indicators per report table (rates as fractions, 0.19 = 19 %). |
| `spec.json` | | the benchmark's definitions (tasks, target groups, tables), copied from `{dataset}`; edit it to change them (`docs/spec.md`). |
| `tasks.csv`, `groups.csv` | `code,label,...` | the valid codes, for reference (not read): `leaf` tasks take FTE, `base` groups take person-years. |

Files may be saved by Excel as they are (`;` and decimal comma, cp1252): the reader detects it.
Run the benchmark and the report on the folder:

    jobbench run -m Varde --data {folder} --out {folder}/output
    jobbench report -m Varde --data {folder} --out {folder}/report

Every municipality must appear with every task and target group; an error names the file, the line
and the column of the first problem.
"""


def write_templates(folder: Union[str, Path], dataset: str = "benchmark2013", *,
                    overwrite: bool = False) -> list[Path]:
    """Write the input CSVs, ``spec.json``, the code lists and a README into ``folder``.

    The CSVs hold ``dataset`` as a worked example, so ``Benchmark.from_folder(folder)`` (and
    ``jobbench run --data folder``) runs on the folder as it is. Existing files are kept and
    reported unless ``overwrite``. Returns the written paths.
    """
    from . import load

    ds = load(dataset)
    out = Path(folder)
    existing = [name for name in (*INPUT_FILES, "spec.json", "README.md") if (out / name).exists()]
    if existing and not overwrite:
        raise InputError(f"{out}: already holds {', '.join(existing)}; choose an empty folder, or overwrite them (--force, overwrite=True)")
    out.mkdir(parents=True, exist_ok=True)
    frames = {"fte.csv": ds.fte, "person_years.csv": ds.person_years, "population.csv": ds.population,
              "quality.csv": ds.quality}
    written = []
    for name, frame in frames.items():
        if frame is not None:
            frame.to_csv(out / name, index=False, encoding="utf-8", lineterminator="\n")
            written.append(out / name)
    (out / "spec.json").write_text(read_spec_text(ds.spec.source), encoding="utf-8")
    written.append(out / "spec.json")
    written += _write_codes(out, ds.spec)
    (out / "README.md").write_text(_README.format(dataset=dataset, n=len(ds.municipalities), folder=out),
                                   encoding="utf-8")
    written.append(out / "README.md")
    return written


def _write_codes(out: Path, spec: object) -> list[Path]:
    tasks = spec.tasks  # type: ignore[attr-defined]
    parents = {t.get("parent") for t in tasks}
    rows = {
        "tasks.csv": (["code", "label", "parent", "leaf"],
                      [[t["code"], t.get("label", ""), t.get("parent", ""), t["code"] not in parents] for t in tasks]),
        "groups.csv": (["code", "label", "components", "base"],
                       [[g["code"], g.get("label", ""), " ".join(g.get("components", [])), not g.get("components")]
                        for g in spec.target_groups]),  # type: ignore[attr-defined]
    }
    paths = []
    for name, (header, body) in rows.items():
        with (out / name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(body)
        paths.append(out / name)
    return paths
