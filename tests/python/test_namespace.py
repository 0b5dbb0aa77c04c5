"""The top-level namespace a notebook user sees with dir(jobbench) and tab completion."""
import jobbench


def test_dir_lists_only_public_names():
    names = dir(jobbench)
    private = [n for n in names if n.startswith("_") and n != "__version__"]
    assert private == []
    assert "annotations" not in names  # a __future__ import must not leak


def test_every_public_name_resolves():
    for name in jobbench.__all__:
        assert getattr(jobbench, name) is not None, name


def test_capability_subpackages_are_listed():
    for sub in ("datasets", "productivity", "register", "report", "staff"):
        assert sub in dir(jobbench)
    assert "cli" not in dir(jobbench)  # the library never imports the command line


def test_notebook_extra_installs_jupyterlab_and_readme_says_how():
    import pathlib
    import tomllib
    root = pathlib.Path(__file__).resolve().parents[2]
    extras = tomllib.loads((root / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(req.startswith("jupyterlab") for req in extras["notebook"])
    assert '.[notebook]' in (root / "README.md").read_text()
