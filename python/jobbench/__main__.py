"""``python -m jobbench``: the ``jobbench`` command (same as ``python -m jobbench.cli``)."""
from jobbench.cli import app

app(prog_name="jobbench")
