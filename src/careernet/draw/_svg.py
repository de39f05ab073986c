"""A small SVG builder over :mod:`xml.etree.ElementTree`.

Every element and attribute goes through ElementTree, which escapes ``&``,
``<``, ``>`` and quotes; :func:`clean` first replaces the characters XML 1.0
cannot hold at all (C0 controls, lone surrogates, U+FFFE and U+FFFF), so a
name read from any file still gives a well-formed picture.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from typing import Final

__all__ = ["Canvas", "clean", "number", "star_path"]

SVG_NS: Final = "http://www.w3.org/2000/svg"
FONT: Final = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """``text`` with the characters XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def number(value: float) -> str:
    """A coordinate with at most one decimal, and no ``-0``."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def star_path(x: float, y: float, radius: float) -> str:
    """A five-pointed star centred on ``(x, y)``, as path data."""
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(
            f"{number(x + r * math.cos(angle))},{number(y + r * math.sin(angle))}"
        )
    return "M" + " L".join(points) + " Z"


Attributes = dict[str, str | float | int | None]


def _attributes(values: Attributes) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, value in values.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        if isinstance(value, float):
            found[name] = number(value)
        else:
            found[name] = clean(str(value))
    return found


class Canvas:
    """An SVG document being built: a root ``<svg>`` with a title and styles.

    Args:
        width: Width in pixels (also the view box's).
        height: Height in pixels.
        title: The picture's accessible title (its first child).
        description: A longer description for screen readers.
        style: CSS rules for the picture's classes.
    """

    def __init__(
        self,
        width: int,
        height: int,
        *,
        title: str,
        description: str = "",
        style: str = "",
    ) -> None:
        self.width = width
        self.height = height
        self.root = ET.Element(
            "svg",
            _attributes(
                {
                    "xmlns": SVG_NS,
                    "width": width,
                    "height": height,
                    "viewBox": f"0 0 {width} {height}",
                    "role": "img",
                    "font-family": FONT,
                }
            ),
        )
        self.text(self.root, "title", title)
        if description:
            self.text(self.root, "desc", description)
        if style:
            self.text(self.root, "style", style)
        self.add(self.root, "rect", width=width, height=height, fill="#ffffff")

    def add(
        self, parent: ET.Element, tag: str, **attributes: str | float | None
    ) -> ET.Element:
        """Add a ``tag`` element under ``parent``; ``_`` in names becomes ``-``
        (``class_`` gives ``class``), ``None`` values are left out."""
        return ET.SubElement(parent, tag, _attributes(dict(attributes)))

    def text(
        self,
        parent: ET.Element,
        tag: str,
        content: str,
        **attributes: str | float | None,
    ) -> ET.Element:
        """Add an element holding ``content`` as (escaped) text."""
        element = self.add(parent, tag, **attributes)
        element.text = clean(content)
        return element

    def group(
        self, parent: ET.Element | None = None, **attributes: str | float | None
    ) -> ET.Element:
        """Add a ``<g>`` (under the root by default)."""
        return self.add(self.root if parent is None else parent, "g", **attributes)

    def lines(
        self,
        parent: ET.Element,
        x: float,
        y: float,
        lines: list[str],
        *,
        size: float,
        leading: float = 1.25,
        **attributes: str | float | None,
    ) -> ET.Element:
        """A ``<text>`` of several lines (``<tspan>`` each), the first at ``y``."""
        element = self.add(parent, "text", x=x, y=y, font_size=size, **attributes)
        for n, line in enumerate(lines):
            span = self.add(
                element, "tspan", x=x, dy=None if n == 0 else size * leading
            )
            span.text = clean(line)
        return element

    def svg(self) -> str:
        """The document as text."""
        return ET.tostring(self.root, encoding="unicode", short_empty_elements=True)
