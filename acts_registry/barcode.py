"""Code 128 barcodes (code set B) drawn as SVG, for the verification code printed on acts.

Code set B covers printable ASCII, which is all a verification code uses. The symbol is:
quiet zone, Start B, one symbol per character, the modulo-103 check symbol, Stop, quiet
zone. Each symbol is six alternating bar/space widths (in modules) starting with a bar;
Stop has a seventh, the final two-module bar.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

# Widths of bar, space, bar, space, bar, space for symbol values 0..105 (ISO/IEC 15417).
_PATTERNS = (
    "212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 "
    "221312 231212 112232 122132 122231 113222 123122 123221 223211 221132 "
    "221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 "
    "212123 212321 232121 111323 131123 131321 112313 132113 132311 211313 "
    "231113 231311 112133 112331 132131 113123 113321 133121 313121 211331 "
    "231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 "
    "314111 221411 431111 111224 111422 121124 121421 141122 141221 112214 "
    "112412 122114 122411 142112 142211 241211 221114 413111 241112 134111 "
    "111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 "
    "214121 412121 111143 111341 131141 114113 114311 411113 411311 113141 "
    "114131 311141 411131 211412 211214 211232"
).split()
_START_B = 104
_STOP = "2331112"
QUIET_MODULES = 10  # the standard asks for at least ten modules of white on each side


class BarcodeError(ValueError):
    pass


def code128b_values(text: str) -> list[int]:
    """The symbol values of `text` in code set B, framed by Start B and the check symbol
    (Stop is not a value and is added when drawing)."""
    if not text:
        raise BarcodeError("nothing to encode")
    values = [_START_B]
    for char in text:
        code = ord(char)
        if not 32 <= code <= 126:
            raise BarcodeError(f"{char!r} is not in Code 128 set B")
        values.append(code - 32)
    # The check symbol: start value plus each data value times its position, modulo 103.
    checksum = (_START_B + sum(pos * v for pos, v in enumerate(values[1:], 1))) % 103
    return [*values, checksum]


def code128b_widths(text: str) -> list[int]:
    """Alternating bar/space widths in modules, starting with a bar, without quiet zones."""
    patterns = [_PATTERNS[value] for value in code128b_values(text)] + [_STOP]
    return [int(width) for pattern in patterns for width in pattern]


def code128_svg(
    text: str, *, module_mm: float = 0.35, height_mm: float = 12.0, label: str | None = None
) -> str:
    """An inline SVG of `text` as a Code 128 B barcode, sized in millimetres for print.
    One path in module units (the viewBox scales it), so the file stays small."""
    widths = code128b_widths(text)
    total = sum(widths) + 2 * QUIET_MODULES
    x = QUIET_MODULES
    bars = []
    for index, width in enumerate(widths):
        if index % 2 == 0:
            bars.append(f"M{x},0h{width}v1h-{width}z")
        x += width
    title = label if label is not None else text
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label={quoteattr(title)} '
        f'width="{total * module_mm:.2f}mm" height="{height_mm:.2f}mm" '
        f'viewBox="0 0 {total} 1" preserveAspectRatio="none">'
        f'<rect width="{total}" height="1" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(bars)}"/></svg>'
    )
