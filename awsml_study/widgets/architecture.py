"""An architecture diagram drawn from the call log: pipeline stages → AWS services → operations."""
from __future__ import annotations

from awsml_study.widgets.figures import new_figure

# Services that carry data between the ML services rather than doing ML themselves.
PLUMBING = {"s3", "iam", "logs", "sts", "lambda", "sns", "sqs"}
ML_COLOUR, PLUMBING_COLOUR, STAGE_COLOUR, FAILED_COLOUR = "#dbeafe", "#e5e7eb", "#fef3c7", "#fecaca"


def graph(stages: dict[str, list]) -> dict:
    """The nodes and edges a diagram shows, from `{stage name: calls.since(mark)}` (kept in order).

    Returns {"stages": [...], "services": [...], "operations": [(service, op, calls, failed, by_service)],
    "edges": [(stage, service, calls)]}, in order of first use. `by_service` marks operations that a
    service made on your behalf (the simulator's engines reading S3 or writing logs), not your code.
    """
    services, operations, edges = {}, {}, {}
    for stage, calls in stages.items():
        for call in calls:
            services.setdefault(call.service, None)
            key = (call.service, call.operation, bool(getattr(call, "by_simulator", False)))
            count, failed = operations.get(key, (0, 0))
            operations[key] = (count + 1, failed + (not call.ok))
            edges[(stage, call.service)] = edges.get((stage, call.service), 0) + 1
    order = {service: i for i, service in enumerate(services)}   # a service's operations side by side
    ops = sorted(operations.items(), key=lambda kv: order[kv[0][0]])
    return {"stages": list(stages), "services": list(services),
            "operations": [(s, o, n, f, b) for (s, o, b), (n, f) in ops],
            "edges": [(a, b, n) for (a, b), n in edges.items()]}


def draw(stages: dict[str, list], title: str = "Architecture, drawn from the calls made"):
    """A left-to-right figure: each stage links to the services it called, each service to its
    operations (× how many calls; red when some failed; dashed when a service made them on your
    behalf). Line width grows with the call count."""
    g = graph(stages)
    ops = g["operations"]
    rows = max(len(ops), len(g["services"]), len(g["stages"]), 1)
    height = max(3.5, 0.24 * rows + 1)
    fig = new_figure(figsize=(12, height))
    ax = fig.add_axes([0, 0, 1, 1 - 0.45 / height])  # the title gets its own 0.45 inch band
    ax.set_xlim(-0.05, 3.05)
    ax.set_ylim(rows, -1)
    ax.axis("off")
    fig.suptitle(title, fontsize=12, y=1 - 0.08 / height, va="top")

    def spread(names):  # centre a column of n boxes on the figure's height
        step = rows / max(len(names), 1)
        return {name: step * (i + 0.5) - 0.5 for i, name in enumerate(names)}

    y_stage, y_service = spread(g["stages"]), spread(g["services"])
    y_op = spread([(s, o, b) for s, o, _, _, b in ops])
    columns = {"stage": 0.35, "service": 1.35, "op": 2.05}   # operations are left-aligned on their column
    for x, label in zip(columns.values(), ["pipeline stage", "AWS service", "operation  (× calls)"]):
        ax.text(x, -0.8, label, ha="center" if x < 2 else "left", fontsize=9, color="#6b7280", style="italic")

    for stage, service, n in g["edges"]:
        ax.plot([columns["stage"] + 0.3, columns["service"] - 0.3], [y_stage[stage], y_service[service]],
                color="#93c5fd" if service not in PLUMBING else "#d1d5db", lw=0.6 + min(n, 20) * 0.15, zorder=1)
    for service, op, n, failed, by_service in ops:
        ax.plot([columns["service"] + 0.3, columns["op"] - 0.02], [y_service[service], y_op[(service, op, by_service)]],
                color="#d1d5db", lw=0.6, zorder=1, linestyle=":" if by_service else "-")

    def box(x, y, text, colour, dashed=False, align="center"):
        ax.text(x, y, text, ha=align, va="center", fontsize=8, zorder=2, style="italic" if dashed else "normal",
                bbox={"boxstyle": "round,pad=0.3", "facecolor": colour, "edgecolor": "#6b7280", "lw": 0.6,
                      "linestyle": "--" if dashed else "-"})

    for stage in g["stages"]:
        box(columns["stage"], y_stage[stage], stage, STAGE_COLOUR)
    for service in g["services"]:
        box(columns["service"], y_service[service], service, PLUMBING_COLOUR if service in PLUMBING else ML_COLOUR)
    for service, op, n, failed, by_service in ops:
        colour = FAILED_COLOUR if failed else (PLUMBING_COLOUR if service in PLUMBING else ML_COLOUR)
        label = f"{op}  ×{n}" + ("  (by a service)" if by_service else "")
        box(columns["op"], y_op[(service, op, by_service)], label, colour, dashed=by_service, align="left")
    return fig
