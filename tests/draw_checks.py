"""Checks every picture test makes: parse the SVG, render it, look at pixels."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import cairosvg  # type: ignore[import-untyped]
from PIL import Image

from careernet.draw import Picture

SVG = "{http://www.w3.org/2000/svg}"


def parse(picture: Picture | str) -> ET.Element:
    """The picture's SVG, parsed by expat: a well-formed document or an error."""
    root = ET.fromstring(str(picture))
    assert root.tag == f"{SVG}svg"
    return root


def having(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    """Every ``tag`` element (``"*"``: any) whose class list holds ``cls``."""
    elements = root.iter() if tag == "*" else root.iter(f"{SVG}{tag}")
    return [e for e in elements if cls in e.get("class", "").split()]


def title(element: ET.Element) -> str:
    found = element.find(f"{SVG}title")
    assert found is not None, ET.tostring(element)
    assert found.text, ET.tostring(element)
    return found.text


def render(picture: Picture, *, scale: float = 1.0) -> Image.Image:
    """Render with cairo (CairoSVG) to a PNG and check its size and ink.

    A picture whose SVG a real renderer draws as blank, or at another size,
    fails here.
    """
    png = cairosvg.svg2png(bytestring=picture.svg.encode(), scale=scale)
    assert png is not None
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (round(picture.width * scale), round(picture.height * scale))
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None
    white = sum(count for count, rgb in colours if rgb == (255, 255, 255))
    inked = image.size[0] * image.size[1] - white
    assert inked > 0.05 * image.size[0] * image.size[1], "the picture is nearly blank"
    assert len(colours) > 20, "a real picture has more than a few colours"
    return image


def readable(root: ET.Element) -> str:
    """Everything a picture says: its text and attribute values, fonts and the
    style sheet (the same class names in every picture) aside."""
    texts = [
        text
        for element in root.iter()
        if element.tag != f"{SVG}style"
        for text in (element.text, element.tail)
        if text
    ]
    values = [
        value
        for element in root.iter()
        for name, value in element.attrib.items()
        if name != "font-family"
    ]
    return "\n".join([*texts, *values])
