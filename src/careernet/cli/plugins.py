"""What is installed: ``plugins``."""

from __future__ import annotations

from rich.text import Text

from careernet.cli._app import json_option, main, user_errors
from careernet.cli._out import console, grid, print_json

__all__ = ["plugins"]


@main.command()
@json_option
@user_errors
def plugins(*, as_json: bool) -> None:
    """List the plugins careernet loads, and what each provides.

    Installed plugins can be left out with CAREERNET_PLUGINS_BLOCK=NAME,NAME,
    limited with CAREERNET_PLUGINS=NAME,NAME, or all switched off with
    CAREERNET_DISABLE_PLUGIN_AUTOLOAD=1.

    \b
    Example:
      careernet plugins
    """
    from careernet.plugins import describe, get_plugin_manager  # noqa: PLC0415

    found = describe(get_plugin_manager())
    if as_json:
        print_json(found)
        return
    out = console()
    for info in found:
        source: str = info.origin
        if info.distribution is not None:
            source = f"{source}, {info.distribution} {info.version}"
        out.print(Text.assemble((info.name, "bold"), f" ({source})"))
        table = grid(None, 1)
        for label, values in (
            ("hooks", info.hooks),
            ("locations", info.locations),
            ("scenarios", info.scenarios),
            ("channels", info.channels),
        ):
            if values:
                table.add_row(f"  {label}:", ", ".join(values))
        out.print(table)
