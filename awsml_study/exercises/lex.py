"""Self-checks for notebooks/05_lex.ipynb."""
from __future__ import annotations

from awsml_study.exercises.feedback import placeholder, say


def check_build_status(client, bot_id: str, answer) -> bool:
    """Exercise 1: the status of the bot's en_US DRAFT locale right now."""
    if placeholder(answer):
        return say(False, "", "Not answered yet: call describe_bot_locale and read botLocaleStatus.")
    status = client.describe_bot_locale(botId=bot_id, botVersion="DRAFT", localeId="en_US")["botLocaleStatus"]
    return say(answer == status, f"The locale is {status}.",
               "Read botLocaleStatus from describe_bot_locale (after your last change, has it been rebuilt?).")


def check_fallback(runtime, bot_id: str, utterance) -> bool:
    """Exercise 2: an utterance that the bot answers with its fallback intent (FallbackIntent)."""
    if placeholder(utterance):
        return say(False, "", "Not answered yet: write something the bot was never taught.")
    r = runtime.recognize_text(botId=bot_id, botAliasId="TSTALIASID", localeId="en_US",
                               sessionId="exercise-fallback", text=utterance)
    name = r["sessionState"]["intent"]["name"]
    runtime.delete_session(botId=bot_id, botAliasId="TSTALIASID", localeId="en_US", sessionId="exercise-fallback")
    return say(name == "FallbackIntent", "No intent reached the confidence threshold: FallbackIntent.",
               f"The bot recognised {name}; try something further from every sample utterance.")


def check_one_turn(runtime, bot_id: str, utterance) -> bool:
    """Exercise 3: one utterance that fills RoomType, CheckIn and Nights at once."""
    if placeholder(utterance):
        return say(False, "", "Not answered yet: write one sentence that gives all three slots.")
    r = runtime.recognize_text(botId=bot_id, botAliasId="TSTALIASID", localeId="en_US",
                               sessionId="exercise-one-turn", text=utterance)
    runtime.delete_session(botId=bot_id, botAliasId="TSTALIASID", localeId="en_US", sessionId="exercise-one-turn")
    filled = set((r["sessionState"].get("intent") or {}).get("slots") or {})
    ok = {"RoomType", "CheckIn", "Nights"} <= filled
    return say(ok, "All three slots filled in one turn: Lex went straight to the confirmation.",
               f"Filled {sorted(filled) or 'no slots'}; a sample utterance must mention every slot "
               "(add one with UpdateIntent and rebuild).")


def check_dialog_action(answer) -> bool:
    """Exercise 4: the dialogAction type a code hook returns to ask for a slot again."""
    if placeholder(answer):
        return say(False, "", "Not answered yet.")
    return say(answer == "ElicitSlot", "ElicitSlot with slotToElicit names the slot to ask for again.",
               "Look at the dialog action types in the code hook section.")
