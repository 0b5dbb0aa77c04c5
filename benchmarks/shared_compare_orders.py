#!/usr/bin/env python3
"""Run ``../shared/bench/compare_orders.py`` (the reference comparison with the expert peers) as is.

That script imports ``jobbench.synthetic_panel``, the module path of the synthetic panel before the
package was cut into capabilities (issue 11); today it is :mod:`jobbench.register.synthetic`. A module
of the old name would hide the function ``jobbench.synthetic_panel``, so this runner maps the old
path in ``sys.modules`` for the one run instead. Arguments are passed through::

    .venv/bin/python benchmarks/shared_compare_orders.py --rows 10M
"""
from __future__ import annotations

import runpy
import sys
from pathlib import Path

import jobbench.register.synthetic

SCRIPT = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "compare_orders.py"

if __name__ == "__main__":
    sys.modules["jobbench.synthetic_panel"] = jobbench.register.synthetic
    sys.argv = [str(SCRIPT), *sys.argv[1:]]
    runpy.run_path(str(SCRIPT), run_name="__main__")
