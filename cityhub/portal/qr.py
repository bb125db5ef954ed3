"""QR codes drawn as inline SVG (segno): printable, no script, named for screen readers."""

from __future__ import annotations

import segno
from markupsafe import Markup

# Medium error correction survives a creased or sun-faded poster; the quiet zone is the
# standard's four modules.
ERROR = "m"
BORDER = 4


def qr_svg(text: str, name: str) -> Markup:
    """``text`` as a QR code: one black path on a white square, sized by CSS (viewBox
    only), with ``name`` as its accessible name (role img, aria-label and <title>)."""
    if isinstance(name, Markup):  # a translated template string arrives escaped
        name = name.unescape()
    code = segno.make(text, error=ERROR)
    svg = code.svg_inline(
        scale=1, border=BORDER, dark="#000", light="#fff", title=name, omitsize=True
    )
    label = Markup('<svg role="img" aria-label="{}" ').format(name)
    # segno writes the markup itself and escapes the title; nothing else in it is text.
    return label + Markup(svg.removeprefix("<svg "))  # noqa: S704
