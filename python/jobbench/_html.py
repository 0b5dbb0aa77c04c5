"""Rich display in Jupyter: the ``_repr_html_`` of the results classes (escaped HTML, no scripts)."""
from __future__ import annotations

import html
from typing import Any, Sequence

__all__ = ["results_html"]


def results_html(kind: str, facts: Sequence[tuple[str, str]], frame: Any = None, caption: str = "",
                 max_rows: int = 20) -> str:
    """A small card: the class name, a definition list of facts and an optional table (a DataFrame or
    Styler), all text escaped."""
    parts = [f'<div class="jobbench-results"><strong>{html.escape(kind)}</strong>',
             '<table style="margin:0.3em 0"><tbody>']
    for key, value in facts:
        parts.append(f'<tr><th style="text-align:left;padding-right:1em">{html.escape(str(key))}</th>'
                     f'<td style="text-align:left">{html.escape(str(value))}</td></tr>')
    parts.append("</tbody></table>")
    if frame is not None:
        if caption:
            parts.append(f"<div><em>{html.escape(caption)}</em></div>")
        if hasattr(frame, "to_html") and not hasattr(frame, "data"):
            parts.append(frame.head(max_rows).to_html(float_format=lambda v: f"{v:,.2f}", escape=True))
        else:
            parts.append(frame.to_html())
    parts.append("</div>")
    return "\n".join(parts)
