"""Contact flows drawn from their Flow language JSON, and a chat panel that talks through a flow.

    diagram = FlowDiagram(content)            # boxes per action, arrows per branch, error branches dashed
    diagram.show_path(path_from_logs(logs, "my-centre", contact_id))   # the route one contact took
    panel = ChatPanel(participant_client, connection_token, diagram=diagram, logs=logs,
                      log_group="/aws/connect/my-centre", contact_id=contact_id)

Behaviour lives in plain methods (`graph`, `layout`, `figure`, `send`, `refresh`, `lines`) so tests
drive it without a kernel; the widgets only display what those return.
"""
from __future__ import annotations

import html
import json

COLOURS = {"participant": "#dbeafe", "contact": "#dcfce7", "control": "#fef9c3", "end": "#fee2e2",
           "other": "#f3f4f6"}
KINDS = {"MessageParticipant": "participant", "GetParticipantInput": "participant",
         "ConnectParticipantWithLexBot": "participant", "DisconnectParticipant": "end", "EndFlowExecution": "end",
         "TransferContactToQueue": "end", "TransferToFlow": "end", "UpdateContactAttributes": "contact",
         "UpdateContactTargetQueue": "contact", "UpdateContactData": "contact", "Compare": "control",
         "CheckHoursOfOperation": "control", "DistributeByPercentage": "control", "UpdateFlowLoggingBehavior": "control",
         "InvokeLambdaFunction": "contact"}


def graph(content) -> tuple[list[dict], list[dict]]:
    """(nodes, edges) of a flow: one node per action; an edge per NextAction, condition and error."""
    flow = json.loads(content) if isinstance(content, str) else content
    nodes, edges = [], []
    for action in flow["Actions"]:
        ident, kind = action["Identifier"], action["Type"]
        nodes.append({"id": ident, "type": kind, "kind": KINDS.get(kind, "other")})
        trans = action.get("Transitions") or {}
        for cond in trans.get("Conditions", []):
            body = cond.get("Condition", {})
            op = "=" if body.get("Operator") == "Equals" else body.get("Operator", "?")
            edges.append({"from": ident, "to": cond.get("NextAction"), "label": f"{op} {body.get('Operands', [''])[0]}",
                          "error": False})
        for err in trans.get("Errors", []):
            edges.append({"from": ident, "to": err.get("NextAction"), "label": err.get("ErrorType", ""), "error": True})
        if trans.get("NextAction"):
            edges.append({"from": ident, "to": trans["NextAction"], "label": "", "error": False})
    return nodes, edges


def layout(content) -> dict[str, tuple[float, float]]:
    """Columns by breadth-first distance from StartAction (unreachable actions go last), rows in order."""
    flow = json.loads(content) if isinstance(content, str) else content
    nodes, edges = graph(flow)
    depth = {flow["StartAction"]: 0}
    frontier = [flow["StartAction"]]
    while frontier:
        nxt = []
        for node in frontier:
            for edge in edges:
                if edge["from"] == node and edge["to"] not in depth:
                    depth[edge["to"]] = depth[node] + 1
                    nxt.append(edge["to"])
        frontier = nxt
    last = max(depth.values(), default=0) + 1
    columns: dict[int, list[str]] = {}
    for node in nodes:
        columns.setdefault(depth.get(node["id"], last), []).append(node["id"])
    return {ident: (col * 3.2, -row * 1.4) for col, idents in columns.items() for row, ident in enumerate(idents)}


def figure(content, path: list[str] | None = None, title: str | None = None):
    """The flow as a matplotlib figure (displays itself in a notebook); `path` actions are outlined."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from awsml_study.widgets.figures import new_figure
    nodes, edges = graph(content)
    pos = layout(content)
    visited = list(path or [])
    steps = set(zip(visited, visited[1:]))
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    columns = (max(xs) - min(xs)) / 3.2 + 1
    rows = (max(ys) - min(ys)) / -1.4 * -1 + 1
    fig = new_figure(figsize=(min(18, 1.9 * columns + 1), 1.15 * rows + 1.4))
    ax = fig.add_subplot(1, 1, 1)
    w, h = 2.4, 0.8
    for edge in edges:
        if edge["to"] not in pos:
            continue
        (x1, y1), (x2, y2) = pos[edge["from"]], pos[edge["to"]]
        taken = (edge["from"], edge["to"]) in steps
        arrow = FancyArrowPatch((x1 + w / 2, y1), (x2 - w / 2, y2), arrowstyle="-|>", mutation_scale=10,
                                connectionstyle="arc3,rad=0.15" if x2 <= x1 else "arc3,rad=0.0",
                                linestyle="--" if edge["error"] else "-", linewidth=2.2 if taken else 0.8,
                                color="#dc2626" if taken else ("#9ca3af" if edge["error"] else "#4b5563"))
        ax.add_patch(arrow)
        if edge["label"] and (not edge["error"] or taken):
            ax.text((x1 + x2) / 2 + 0.3, (y1 + y2) / 2 + 0.12, edge["label"][:18], fontsize=6,
                    color="#6b7280" if edge["error"] else "#111827", ha="center")
    for node in nodes:
        x, y = pos[node["id"]]
        on_path = node["id"] in visited
        ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.05",
                                    facecolor=COLOURS[node["kind"]], edgecolor="#dc2626" if on_path else "#374151",
                                    linewidth=2.4 if on_path else 0.8))
        ax.text(x, y + 0.12, node["id"][:22], ha="center", va="center", fontsize=7, weight="bold")
        ax.text(x, y - 0.18, node["type"][:26], ha="center", va="center", fontsize=6, color="#374151")
    ax.set_xlim(min(xs) - 1.6, max(xs) + 1.6)
    ax.set_ylim(min(ys) - 1.0, max(ys) + 1.0)
    ax.axis("off")
    ax.text(min(xs) - 1.5, min(ys) - 0.85, "solid: success or condition branch   dashed: error branch   "
            "red: the route taken", fontsize=6, color="#6b7280")
    if title:
        ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return fig


def path_from_logs(logs_client, log_group: str, contact_id: str) -> list[str]:
    """The identifiers of the actions a contact ran, read back from the flow logs in CloudWatch Logs."""
    events = logs_client.filter_log_events(logGroupName=log_group, logStreamNames=[contact_id])["events"]
    path = []
    for event in events:
        ident = json.loads(event["message"]).get("Identifier")
        if ident and (not path or path[-1] != ident):
            path.append(ident)
    return path


class FlowDiagram:
    """A flow's diagram in an Output; `show_path` outlines the route a contact took."""

    def __init__(self, content, title: str | None = None):
        import ipywidgets as w
        self.content = content
        self.title = title
        self.path: list[str] = []
        self.output = w.Output()
        self.box = w.VBox([self.output])
        self.update()

    def show_path(self, path: list[str]) -> None:
        self.path = list(path)
        self.update()

    def figure(self):
        """The diagram with the current path, as a figure that displays itself."""
        return figure(self.content, self.path, self.title)

    def update(self) -> None:
        from IPython.display import display
        self.output.clear_output(wait=True)
        with self.output:
            display(self.figure())

    def _ipython_display_(self):
        from IPython.display import display
        display(self.box)


class ChatPanel:
    """A customer's side of a chat: type a message, see the transcript with each participant's role."""

    def __init__(self, participant_client, connection_token: str, diagram: FlowDiagram | None = None,
                 logs=None, log_group: str | None = None, contact_id: str | None = None):
        import ipywidgets as w
        self.client = participant_client
        self.token = connection_token
        self.diagram, self.logs, self.log_group, self.contact_id = diagram, logs, log_group, contact_id
        self.text = w.Text(placeholder="Type a message and press Send", layout=w.Layout(width="70%"))
        self.button = w.Button(description="Send", button_style="primary")
        self.button.on_click(lambda _: self.send(self.text.value))
        self.output = w.Output()
        self.box = w.VBox([self.output, w.HBox([self.text, self.button])])
        self.items: list[dict] = []
        self.error: str | None = None
        self.refresh()

    def send(self, text: str) -> None:
        """Send a customer message; a refused one (the chat ended, say) is shown, not raised."""
        from botocore.exceptions import ClientError
        self.error = None
        if text and text.strip():
            try:
                self.client.send_message(ConnectionToken=self.token, ContentType="text/plain", Content=text.strip())
                self.text.value = ""
            except ClientError as err:
                self.error = f"{err.response['Error']['Code']}: {err.response['Error']['Message']}"
        self.refresh()

    def refresh(self) -> None:
        self.items = self.client.get_transcript(ConnectionToken=self.token, MaxResults=100,
                                                ScanDirection="FORWARD")["Transcript"]
        if self.diagram is not None and self.logs is not None and self.log_group and self.contact_id:
            try:
                self.diagram.show_path(path_from_logs(self.logs, self.log_group, self.contact_id))
            except Exception:  # no flow log written yet
                pass
        from IPython.display import HTML, display
        self.output.clear_output(wait=True)
        with self.output:
            display(HTML(self.html()))

    def lines(self) -> list[str]:
        """The transcript as plain lines: 'ROLE (name): text' for messages, '· event' for events."""
        out = []
        for item in self.items:
            if item["Type"] == "MESSAGE":
                out.append(f"{item['ParticipantRole']} ({item['DisplayName']}): {item.get('Content', '')}")
            else:
                out.append(f"· {item['ContentType'].rsplit('.', 1)[-1].replace('-', ' ')} ({item['ParticipantRole']})")
        return out

    def html(self) -> str:
        rows = []
        for item in self.items:
            if item["Type"] != "MESSAGE":
                continue
            mine = item["ParticipantRole"] == "CUSTOMER"
            colour = "#dbeafe" if mine else ("#ede9fe" if item["DisplayName"] == "BOT" else "#f3f4f6")
            rows.append(f"<div style='text-align:{'right' if mine else 'left'};margin:3px'>"
                        f"<span style='background:{colour};padding:4px 8px;border-radius:8px;display:inline-block'>"
                        f"<b>{html.escape(item['DisplayName'])}</b> <small>{item['ParticipantRole']}</small><br>"
                        f"{html.escape(item.get('Content', ''))}</span></div>")
        if self.error:
            rows.append(f"<div style='color:#b91c1c;margin:3px'>{html.escape(self.error)}</div>")
        return "<div style='max-width:640px'>" + "".join(rows) + "</div>"

    def _ipython_display_(self):
        from IPython.display import display
        display(self.box)
