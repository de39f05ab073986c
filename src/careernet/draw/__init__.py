"""Pictures of a network: the rings, the funnel and the week, as SVG.

Each function takes domain state and plain values and returns a
:class:`Picture`, whose ``svg`` is a complete SVG document built with
:mod:`xml.etree.ElementTree` (every name is escaped). A Jupyter cell that
ends with a picture shows it; :meth:`Picture.save` writes it to a file.
``share=True`` draws a picture fit to show others: no names, no companies.

The facade draws its own network: :meth:`careernet.Network.draw_rings`,
:meth:`~careernet.Network.draw_funnel` and
:meth:`~careernet.Network.draw_week`.
"""

from __future__ import annotations

from ._style import RING_LABELS, STAGE_LABELS
from .funnel import Flow, flow, funnel
from .picture import Picture
from .rings import rings
from .week import week

__all__ = [
    "RING_LABELS",
    "STAGE_LABELS",
    "Flow",
    "Picture",
    "flow",
    "funnel",
    "rings",
    "week",
]
