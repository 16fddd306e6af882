"""The chat widget and the notebook's exercise checkers, driven without a kernel."""
from awsml_study.exercises import lex as check
from awsml_study.widgets.chat import LexChat
from tests.services.lex import sample_bot as sb


def test_chat_widget_shows_intent_confidence_and_slots(aws):
    ids = sb.hotel(aws)
    chat = LexChat(ids["botId"], client=aws("lexv2-runtime"))
    chat.send("book a queen room")
    summary = LexChat.summary(chat.turns[-1]["response"])
    assert summary["intent"] == "BookHotel" and summary["slots"] == {"RoomType": "queen"}
    assert summary["action"] == "ElicitSlot" and summary["confidence"] > 0.4
    html = chat.render()
    assert "BookHotel" in html and "RoomType=queen" in html
    chat.send("x" * 2000)  # too long: the AWS error is shown, not raised
    assert "ValidationException" in chat.render()


def test_exercise_checkers(aws, capsys):
    ids = sb.hotel(aws)
    lex, rt = aws("lexv2-models"), aws("lexv2-runtime")
    assert check.check_build_status(lex, ids["botId"], None) is False
    assert "Not answered yet" in capsys.readouterr().out
    assert check.check_build_status(lex, ids["botId"], "Built")
    assert not check.check_build_status(lex, ids["botId"], "NotBuilt")
    assert check.check_fallback(rt, ids["botId"], "what is the capital of portugal")
    assert not check.check_fallback(rt, ids["botId"], "book a hotel")
    assert check.check_one_turn(rt, ids["botId"], "I want a king room for 3 nights") is False
    assert check.check_one_turn(rt, ids["botId"], ...) is False
    assert check.check_dialog_action("ElicitSlot") and not check.check_dialog_action("Close")


def test_one_turn_exercise_can_be_solved(aws):
    ids = sb.hotel(aws, build=False)
    lex = aws("lexv2-models")
    loc = {k: ids[k] for k in ("botId", "botVersion", "localeId")}
    intent = lex.describe_intent(**loc, intentId=ids["intentId"])
    keep = {k: intent[k] for k in ("intentName", "intentConfirmationSetting", "intentClosingSetting", "slotPriorities")}
    utterances = intent["sampleUtterances"] + [{"utterance": "I want a {RoomType} room from {CheckIn} for {Nights} nights"}]
    lex.update_intent(**loc, intentId=ids["intentId"], sampleUtterances=utterances, **keep)
    lex.build_bot_locale(**loc)
    lex.get_waiter("bot_locale_built").wait(**loc)
    assert check.check_one_turn(aws("lexv2-runtime"), ids["botId"], "I want a king room from tomorrow for 3 nights")
