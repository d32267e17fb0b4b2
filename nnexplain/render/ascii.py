"""A readable ASCII rendering of the tool's text, for a terminal or pipe whose
encoding cannot show it (``LC_ALL=C``, ``PYTHONIOENCODING=latin-1`` or ``ascii``).

``register()`` installs the codec error handler ``nnexplain-ascii``; a stream
configured with ``errors="nnexplain-ascii"`` writes every character its encoding
can show unchanged and only the others in ASCII: − as -, σ as sigma, ŷ as y_hat,
xᵢ as x_i, w₁₂ as w_12, a⁽¹⁾ as a^(1), x² as x^2, ∞ as inf, box drawing as - and |.
Anything else is decomposed (é as e) or, failing that, shown as ?.
"""

import codecs
import unicodedata

ERRORS = "nnexplain-ascii"

# Characters whose ASCII rendering is a word or a symbol, not their decomposition.
_TABLE = {
    "\u2212": "-",  # minus sign
    "\u2013": "-",  # en dash
    "\u2014": "--",  # em dash
    "\u2010": "-", "\u2011": "-",  # hyphens
    "\u00b7": "*",  # middle dot
    "\u22c5": "*",  # dot operator
    "\u2219": "*",  # bullet operator
    "\u00d7": "*",  # multiplication sign
    "\u00f7": "/",
    "\u2022": "*",  # bullet (rich's Markdown lists)
    "\u25cf": "*", "\u25cb": "o", "\u25aa": "*",
    "\u2026": "...",
    "\u22ee": ":",  # vertical ellipsis
    "\u22ef": "...",
    "\u2248": "~",
    "\u2243": "~", "\u223c": "~",
    "\u2260": "!=",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u00b1": "+/-",
    "\u221e": "inf",
    "\u2211": "sum", "\u03a3": "sum",
    "\u220f": "prod",
    "\u2202": "d",  # partial differential
    "\u2207": "grad",
    "\u221a": "sqrt",
    "\u221d": "~",  # proportional to
    "\u2208": " in ",
    "\u2192": "->", "\u2190": "<-", "\u2194": "<->",
    "\u21d2": "=>", "\u27f6": "->",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'",
    "\u00ab": '"', "\u00bb": '"',
    "\u00a7": "section ",
    "\u00b0": " degrees",
    "\u00a0": " ",
    "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
    "\u200b": "",
    "\u2713": "ok", "\u2714": "ok", "\u2717": "x", "\u2718": "x",
    "\u2502": "|", "\u2503": "|", "\u2551": "|",
    "\u2500": "-", "\u2501": "-", "\u2550": "=",
    "\u2588": "#", "\u2591": ".", "\u2592": ":", "\u2593": "#",
    "\u211d": "R",
    "\u2299": "(.)",  # element-wise product
    "\u2016": "||",
    "\ufffd": "?",
}

# Combining marks that carry meaning in formulas: ŷ is y_hat, not y.
_ACCENTS = {
    "\u0302": "_hat",
    "\u0304": "_bar",
    "\u0305": "_bar",
    "\u0303": "_tilde",
    "\u0307": "_dot",
}


def _script(ch: str) -> tuple[str, str] | None:
    """("sub" | "super", the plain character) for a subscript or superscript character."""
    tag, _, rest = unicodedata.decomposition(ch).partition(" ")
    if tag not in ("<sub>", "<super>") or not rest:
        return None
    return tag.strip("<>"), "".join(_plain(chr(int(code, 16))) for code in rest.split())


def _plain(ch: str) -> str:
    """One character in ASCII, without the sub/superscript grouping."""
    if ch.isascii():
        return ch
    if ch in _TABLE:
        return _TABLE[ch]
    if ch in _ACCENTS:
        return _ACCENTS[ch]
    name = unicodedata.name(ch, "")
    if name.startswith(("GREEK SMALL LETTER ", "GREEK CAPITAL LETTER ")):
        word = name.split(" LETTER ", 1)[1].lower().replace("lamda", "lambda").split(" ")[0]
        return word if "SMALL" in name else word.capitalize()
    if name.startswith("BOX DRAWINGS "):
        if "VERTICAL" in name and "HORIZONTAL" not in name:
            return "|"
        if "HORIZONTAL" in name and "VERTICAL" not in name:
            return "-"
        return "+"
    if unicodedata.category(ch) == "Mn":  # other combining marks: dropped (é -> e)
        return ""
    decomposed = unicodedata.normalize("NFKD", ch)
    if decomposed != ch:
        return "".join(_plain(part) for part in decomposed)
    if unicodedata.category(ch) == "Zs":
        return " "
    return "?"


def _render(text: str, start: int, stop: int) -> tuple[str, int]:
    """ASCII for ``text[start:stop]``, and where to carry on: a run of subscripts or
    superscripts is read to its end (even past characters the encoding could show),
    so w₁₂ becomes w_12 and a⁽¹⁾ a^(1)."""
    out = []
    i = start
    while i < stop:
        ch = text[i]
        script = _script(ch)
        if script is None:
            out.append(_plain(ch))
            i += 1
            continue
        kind, body = script
        j = i + 1
        while j < len(text) and (nxt := _script(text[j])) is not None and nxt[0] == kind:
            body += nxt[1]
            j += 1
        if kind == "sub":
            out.append("_" + (body if body.isalnum() else f"({body})"))
        elif len(body) == 1 or (body.startswith("(") and body.endswith(")")):
            out.append("^" + body)
        else:
            out.append(f"^({body})")
        if j < len(text) and text[j].isalnum():  # wᵢxᵢ: w_i x_i, not w_ix_i
            out.append(" ")
        i = j
    return "".join(out), i


def _handler(error: UnicodeError):
    if not isinstance(error, UnicodeEncodeError):
        raise error
    replacement, position = _render(error.object, error.start, error.end)
    return replacement, position


def register() -> None:
    """Make the ``nnexplain-ascii`` error handler available to codecs (idempotent)."""
    codecs.register_error(ERRORS, _handler)


def to_ascii(text: str) -> str:
    """``text`` rendered entirely in ASCII (what an ASCII terminal shows)."""
    register()
    return text.encode("ascii", ERRORS).decode("ascii")


def _identity(text: str) -> str:
    return text


def shown_by(encoding: str | None):
    """A function giving text as a stream in ``encoding`` will show it: the identity
    for UTF encodings, otherwise each character the encoding lacks in ASCII. Views
    that lay text out in columns (rich tables) apply it *before* measuring, so the
    columns stay aligned; the stream's error handler catches the rest."""
    try:
        name = codecs.lookup(encoding or "utf-8").name
    except LookupError:
        name = "ascii"
    if name.startswith("utf"):
        return _identity
    register()

    def shown(text: str) -> str:
        return text.encode(name, ERRORS).decode(name)

    return shown
