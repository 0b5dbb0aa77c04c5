"""The quick path at the top of docs/staff-time.md runs as written (synthetic workbooks first)."""
from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[3] / "docs" / "staff-time.md"


def test_staff_time_quick_path_runs(tmp_path, monkeypatch):
    block = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    assert block.index("write_synthetic_workbooks") < block.index('read_workbooks("workbooks/")')
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102 - the documentation's own code
    assert len(list((tmp_path / "workbooks").glob("*.xlsx"))) == 15
    staff = namespace["staff"]
    assert len(staff.errors) == 0
    data = namespace["data"]
    merged = staff.fte.merge(data.fte, on=["municipality", "task"], suffixes=("", "_data"))
    assert (merged["fte"] - merged["fte_data"]).abs().max() < 1e-9
    assert "Varde: rank" in namespace["unc"].describe("Varde", "adp.sag.o30")
