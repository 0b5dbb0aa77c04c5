"""The system packages that jobbench needs are installed, and each optional system dependency loads
cleanly with warnings as errors.

A missing Debian package must fail here, with its name, rather than as a warning deep inside a
report test (``libharfbuzz-subset0`` once made every fresh machine fail while CI passed on a
developer's machine). The list is ``scripts/debian-packages.txt``, which ``scripts/setup.sh``
installs.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_LIST = ROOT / "scripts" / "debian-packages.txt"


def _packages() -> dict[str, str]:
    """Package → why, from scripts/debian-packages.txt."""
    out = {}
    for line in PACKAGE_LIST.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, why = line.partition(" ")
            out[name] = why.strip()
    return out


def test_package_list_is_read_by_setup_and_listed_in_readme():
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert "scripts/debian-packages.txt" in setup
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [p for p in _packages() if f"`{p}`" not in readme]
    assert not missing, f"README.md does not list these system packages: {missing}"


@pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="not a Debian system")
@pytest.mark.parametrize("package", sorted(_packages()))
def test_debian_package_installed(package):
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    assert "install ok installed" in status.stdout, (
        f"Debian package {package} is not installed ({_packages()[package]}); run scripts/setup.sh "
        f"or: apt-get install {package}")


# Each optional system dependency, exercised in a fresh interpreter with every warning an error:
# (what, Python code, the Debian packages that provide it).
_IMPORT_CHECKS = [
    ("WeasyPrint renders a PDF",
     "import weasyprint; weasyprint.HTML(string='<p>Æble og ørred på å</p>').write_pdf()",
     "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"),
    ("matplotlib draws text with a Danish font",
     "import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt; "
     "f = plt.figure(); f.text(0.5, 0.5, 'Æble'); f.savefig(__import__('io').BytesIO(), format='png')",
     "fonts-dejavu-core"),
]


@pytest.mark.parametrize("what,code,packages", _IMPORT_CHECKS, ids=[c[0] for c in _IMPORT_CHECKS])
def test_optional_dependency_loads_without_warnings(what, code, packages):
    result = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True,
                            timeout=300)
    last = (result.stderr.strip().splitlines() or [""])[-1]
    assert result.returncode == 0, (
        f"{what} failed with warnings as errors: {last}\n"
        f"Install the Debian packages {packages} (scripts/setup.sh does).")


@pytest.mark.parametrize("tool", ["pdftotext", "pdfinfo", "pdftoppm"])
def test_poppler_tools_on_path(tool):
    assert shutil.which(tool), f"{tool} not found: install the Debian package poppler-utils"
