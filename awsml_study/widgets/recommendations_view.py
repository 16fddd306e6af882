"""A user's history beside their recommendations, and how both change after PutEvents (Personalize).

    view = RecommendationsView(campaign_arn, tracking_id, items)   # items: {ITEM_ID: {"TITLE", "GENRES"}}
    view.show("u12")                       # history and recommendations side by side
    view.watch(["m7", "m19"])              # PutEvents for the user, then recommendations again
    view.changes()                         # {"before": [...], "after": [...], "new": [...], "dropped": [...]}

Genres are counted on both sides so you see the recommendations follow what the user just did.
"""
from __future__ import annotations

import html
import time
from collections import Counter


class RecommendationsView:
    """A Box with a user box, a "watch" box and an Output; behaviour in show() / watch() / changes()."""

    def __init__(self, campaign_arn: str, tracking_id: str | None, items: dict[str, dict],
                 history: dict[str, list[str]] | None = None, runtime=None, events=None, n: int = 10):
        import ipywidgets as w

        import awsml_study
        self.campaign_arn, self.tracking_id, self.items, self.n = campaign_arn, tracking_id, items, n
        self.history = {k: list(v) for k, v in (history or {}).items()}
        self.runtime = runtime or awsml_study.client("personalize-runtime")
        self.events = events or awsml_study.client("personalize-events")
        self.user = w.Text(description="user", value="u1")
        self.to_watch = w.Text(description="watch", placeholder="item ids, comma-separated")
        show, send = w.Button(description="Recommend"), w.Button(description="PutEvents", button_style="primary")
        show.on_click(lambda _: self.show(self.user.value))
        send.on_click(lambda _: self.watch([x.strip() for x in self.to_watch.value.split(",") if x.strip()]))
        self.output = w.Output()
        self.box = w.VBox([w.HBox([self.user, show]), w.HBox([self.to_watch, send]), self.output])
        self.before: list[str] = []
        self.after: list[str] = []
        self.user_id = self.user.value

    def recommend(self, user_id: str) -> list[str]:
        resp = self.runtime.get_recommendations(campaignArn=self.campaign_arn, userId=user_id, numResults=self.n)
        return [x["itemId"] for x in resp["itemList"]]

    def show(self, user_id: str) -> list[str]:
        """Recommendations for a user (also kept as the 'before' list for changes())."""
        self.user_id = self.user.value = user_id
        self.before = self.recommend(user_id)
        self.after = []
        self._draw()
        return self.before

    def watch(self, item_ids: list[str], event_type: str = "watch") -> list[str]:
        """Send the user's events with PutEvents (10 per call), then ask again: the 'after' list."""
        if not self.before:
            self.show(self.user_id)
        now = int(time.time())
        for start in range(0, len(item_ids), 10):
            chunk = item_ids[start:start + 10]
            self.events.put_events(trackingId=self.tracking_id, userId=self.user_id, sessionId=f"session-{self.user_id}",
                                   eventList=[{"eventType": event_type, "itemId": i, "sentAt": now + k}
                                              for k, i in enumerate(chunk)])
        self.history.setdefault(self.user_id, []).extend(item_ids)
        self.after = self.recommend(self.user_id)
        self._draw()
        return self.after

    def changes(self) -> dict[str, list[str]]:
        return {"before": self.before, "after": self.after,
                "new": [x for x in self.after if x not in self.before],
                "dropped": [x for x in self.before if x not in self.after]}

    def genres(self, ids: list[str]) -> Counter:
        return Counter(g for i in ids for g in str(self.items.get(i, {}).get("GENRES", "")).split("|") if g)

    def render(self) -> str:
        def column(title, ids, mark=()):
            rows = "".join(
                f"<tr{' style=background:#dcfce7' if i in mark else ''}><td>{html.escape(i)}</td>"
                f"<td>{html.escape(str(self.items.get(i, {}).get('TITLE', '')))}</td>"
                f"<td><small>{html.escape(str(self.items.get(i, {}).get('GENRES', '')))}</small></td></tr>"
                for i in ids)
            top = ", ".join(f"{g} {n}" for g, n in self.genres(ids).most_common(3))
            return (f"<div style='flex:1;min-width:260px'><b>{html.escape(title)}</b><br><small>top genres: "
                    f"{html.escape(top)}</small><table>{rows}</table></div>")
        history = self.history.get(self.user_id, [])[-self.n:]
        cols = [column(f"history of {self.user_id} (last {len(history)})", history),
                column("recommended", self.before)]
        if self.after:
            cols.append(column("after PutEvents (new in green)", self.after, set(self.changes()["new"])))
        return "<div style='display:flex;gap:16px'>" + "".join(cols) + "</div>"

    def _draw(self) -> None:
        from IPython.display import HTML, display
        self.output.clear_output()
        with self.output:
            display(HTML(self.render()))

    def _ipython_display_(self):
        from IPython.display import display
        display(self.box)
