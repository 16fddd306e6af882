"""A chat window for a Lex V2 bot: each turn shows the bot's reply, the intent, its confidence and the slots."""
from __future__ import annotations

import html
import uuid


class LexChat:
    """Type a message, press Send: RecognizeText answers, and the turn's intent, confidence and slots show.

    The widget is `self.box` (a VBox owning an Output); `send(text)` does the work and returns the
    RecognizeText response, so a test can drive it without a kernel.
    """

    def __init__(self, bot_id: str, alias_id: str = "TSTALIASID", locale_id: str = "en_US",
                 client=None, session_id: str | None = None):
        import ipywidgets as w

        import awsml_study
        self.client = client or awsml_study.client("lexv2-runtime")
        self.bot_id, self.alias_id, self.locale_id = bot_id, alias_id, locale_id
        self.session_id = session_id or f"chat-{uuid.uuid4().hex[:8]}"
        self.text = w.Text(placeholder="Say something to the bot", layout=w.Layout(width="70%"))
        self.button = w.Button(description="Send", button_style="primary")
        self.output = w.Output()
        self.button.on_click(lambda _: self.send())
        self.text.on_submit(lambda _: self.send())
        self.box = w.VBox([w.HBox([self.text, self.button]), self.output])
        self.turns: list[dict] = []

    def send(self, text: str | None = None) -> dict:
        """One turn of the conversation; shows and returns the response (or the AWS error)."""
        from IPython.display import HTML, display

        text = self.text.value if text is None else text
        self.text.value = ""
        try:
            response = self.client.recognize_text(botId=self.bot_id, botAliasId=self.alias_id,
                                                  localeId=self.locale_id, sessionId=self.session_id, text=text)
        except self.client.exceptions.ClientError as err:
            response = {"error": err.response["Error"]}
        self.turns.append({"user": text, "response": response})
        self.output.clear_output()
        with self.output:
            display(HTML(self.render()))
        return response

    def reset(self) -> None:
        """Start a new conversation (a new session id)."""
        self.session_id = f"chat-{uuid.uuid4().hex[:8]}"
        self.turns.clear()
        self.output.clear_output()

    @staticmethod
    def summary(response: dict) -> dict:
        """intent, confidence, state, dialog action, slots and reply of one RecognizeText response."""
        if "error" in response:
            return {"error": f"{response['error']['Code']}: {response['error']['Message']}"}
        state = response.get("sessionState", {})
        intent = state.get("intent", {})
        top = (response.get("interpretations") or [{}])[0]
        return {"intent": intent.get("name"), "confidence": top.get("nluConfidence", {}).get("score"),
                "state": intent.get("state"), "action": state.get("dialogAction", {}).get("type"),
                "slots": {k: v["value"]["interpretedValue"] for k, v in (intent.get("slots") or {}).items() if v},
                "reply": " ".join(m.get("content", "") for m in response.get("messages", []))}

    def render(self) -> str:
        rows = []
        for turn in self.turns:
            s = self.summary(turn["response"])
            rows.append(f'<div style="text-align:right;margin:4px"><span style="background:#dbeafe;padding:4px 8px;'
                        f'border-radius:8px">{html.escape(turn["user"])}</span></div>')
            if "error" in s:
                rows.append(f'<div style="color:#b91c1c">{html.escape(s["error"])}</div>')
                continue
            conf = "—" if s["confidence"] is None else f'{s["confidence"]:.2f}'
            slots = ", ".join(f"{k}={v}" for k, v in s["slots"].items()) or "no slots yet"
            rows.append(f'<div style="margin:4px"><span style="background:#f3f4f6;padding:4px 8px;border-radius:8px">'
                        f'{html.escape(s["reply"] or "(no message)")}</span><br><small>intent <b>{html.escape(str(s["intent"]))}</b>'
                        f' · confidence {conf} · {s["state"]} · next: {s["action"]} · {html.escape(slots)}</small></div>')
        return "".join(rows)

    def _ipython_display_(self):
        from IPython.display import display
        display(self.box)
