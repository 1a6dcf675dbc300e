"""docs/benchmarks.md: the main table (bench.run) and named sections that other benchmarks
write (bench.hostile), each replaced on its own without touching the others."""

import re
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["REPORT", "publish", "sections", "write_section"]

REPORT = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
_SECTION = re.compile(r"^## (.+)$", re.MULTILINE)


def sections(text: str) -> tuple[str, dict[str, str]]:
    """The text before the first '## ' heading, and each section by its title."""
    found = list(_SECTION.finditer(text))
    head = text[: found[0].start()] if found else text
    named = {}
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        named[match.group(1).strip()] = text[match.start() : end].rstrip() + "\n"
    return head, named


def write_section(title: str, intro: str, columns: list[str], rows: list[list[str]]) -> None:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"## {title}", "", f"Measured {now}. {intro}", "",
             "| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]  # fmt: skip
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    head, named = sections(REPORT.read_text() if REPORT.exists() else "# Benchmarks\n\n")
    named[title] = "\n".join(lines) + "\n"
    REPORT.write_text(head.rstrip() + "\n\n" + "\n".join(named.values()))


def publish(title: str, intro: str, columns: list[str], rows: list[list[str]]) -> None:
    """Print the table, and write it to docs/benchmarks.md as the section `title`."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    Console().print(table)
    write_section(title, intro, columns, rows)
