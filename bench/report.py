"""The printed report: the machine, then one table per section with its notes."""

from __future__ import annotations

from bench import gui_sections, recompute

TABLES = {"recompute": recompute.table, "strength": gui_sections.strength_table,
          "responsiveness": gui_sections.responsiveness_table, "startup": gui_sections.startup_table,
          "memory": gui_sections.memory_table}

TITLES = {
    "recompute": "Full recompute (target: RegLab / glmnet <= 0.5 at accuracy no worse)",
    "strength": "Strength move in the real window (target: median <= 16 ms, p95 <= 33 ms)",
    "responsiveness": "Responsiveness during a full recompute (target: longest event-loop gap <= 50 ms)",
    "startup": "Start-up from source (targets: first window <= 0.6 s, every view drawn <= 1.5 s)",
    "memory": "Peak memory (targets: <= 300 MB after start-up on diabetes, <= 600 MB after 100000 x 50)",
}


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table, columns padded to their widest cell (Markdown pipe syntax)."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    lines = ["| " + " | ".join(str(cell).ljust(w) for cell, w in zip(line, widths)) + " |" for line in [headers, *rows]]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def format_report(results: dict) -> str:
    """The whole report as Markdown-compatible text."""
    m = results["machine"]
    out = [f"RegLab benchmarks ({results['mode']}), {results['started']}",
           f"machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM; {m['os']}",
           f"versions: Python {m['python']}, numpy {m['numpy']}, scipy {m['scipy']}, scikit-learn {m['scikit-learn']}, "
           f"PySide6 {m['PySide6']}, pyqtgraph {m['pyqtgraph']}; BLAS {m['blas']}; {m['glmnet']}",
           f"load average at start {m['load_average']}, at end {results.get('load_average_end')}",
           f"command: {results['command']}"]
    for name, section in results["sections"].items():
        out += ["", f"## {TITLES[name]}", "", format_table(*TABLES[name](section))]
        out += [f"- {note}" for note in section.get("notes", [])]
    return "\n".join(out)
