"""A picture: SVG text that shows itself in a notebook and saves to a file."""

from __future__ import annotations

import os
from pathlib import Path

import attrs

__all__ = ["Picture"]


@attrs.frozen(kw_only=True, repr=False)
class Picture:
    """An SVG picture of a network, a funnel or a week.

    A Jupyter cell that ends with one shows it; ``str(picture)`` is the SVG.

    Attributes:
        kind: ``"rings"``, ``"funnel"`` or ``"week"``.
        svg: The SVG document as text.
        width: Its width in pixels.
        height: Its height in pixels.
    """

    kind: str
    svg: str
    width: int
    height: int

    def _repr_svg_(self) -> str:
        """The picture for Jupyter and IPython."""
        return self.svg

    def __str__(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        return (
            f"<careernet.draw.Picture {self.kind} {self.width}x{self.height}, "
            f"{len(self.svg.encode()):,} bytes>"
        )

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the SVG to ``path`` (UTF-8) and return the path."""
        target = Path(path)
        target.write_text(self.svg, encoding="utf-8")
        return target
