"""Views of a worked example. Each view only formats; none computes.

``emit`` picks the view; each view module is imported only when asked for, so a
JSON run never loads rich and a text run never loads the JSON machinery.
"""

import sys

FORMATS = ("text", "json", "markdown", "latex")
DEFAULT_PRECISION = 4


def emit(worked, fmt: str = "text", precision: int = DEFAULT_PRECISION) -> None:
    """Write ``worked`` to standard output in the chosen view."""
    if fmt == "text":
        from nnexplain.render.console import stdout_console
        from nnexplain.render.text import render_text

        render_text(worked, stdout_console(highlight=False), precision)
        return
    if fmt == "json":
        from nnexplain.render.json_view import render_json as view
    elif fmt == "markdown":
        from nnexplain.render.markdown import render_markdown as view
    elif fmt == "latex":
        from nnexplain.render.latex import render_latex as view
    else:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    text = view(worked, precision)
    if fmt == "json" and not _can_encode(text):
        # A stream that cannot show "−" or "σ" gets \u escapes: still the same JSON
        # document for a program, where a transliteration would change its strings.
        import json

        text = json.dumps(json.loads(text), ensure_ascii=True, indent=2)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _can_encode(text: str) -> bool:
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True
