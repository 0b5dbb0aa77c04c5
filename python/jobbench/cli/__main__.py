"""``python -m jobbench.cli``: the ``jobbench`` command."""
from jobbench.cli import app

app()
