"""A small hotel bot built with boto3, shared by the Lex tests and contract examples."""
import io
import zipfile

ROLE_POLICY = '{"Version":"2012-10-17","Statement":[]}'


def prompt(text, retries=2):
    return {"messageGroups": [{"message": {"plainTextMessage": {"value": text}}}], "maxRetries": retries}


def role(make, name="LexRole"):
    iam = make("iam")
    try:
        return iam.get_role(RoleName=name)["Role"]["Arn"]
    except iam.exceptions.NoSuchEntityException:
        return iam.create_role(RoleName=name, AssumeRolePolicyDocument=ROLE_POLICY)["Role"]["Arn"]


def hook_function(make, source, name="HotelHook"):
    """A Python Lambda from source code (lambda_function.lambda_handler); returns its ARN."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("lambda_function.py", source)
    return make("lambda").create_function(
        FunctionName=name, Runtime="python3.12", Role=role(make, "LambdaRole"),
        Handler="lambda_function.lambda_handler", Code={"ZipFile": buf.getvalue()})["FunctionArn"]


def bot(make, name="HotelBot"):
    lex = make("lexv2-models")
    bot_id = lex.create_bot(botName=name, roleArn=role(make), dataPrivacy={"childDirected": False},
                            idleSessionTTLInSeconds=300)["botId"]
    lex.get_waiter("bot_available").wait(botId=bot_id)
    return bot_id


def locale(make, bot_id):
    lex = make("lexv2-models")
    lex.create_bot_locale(botId=bot_id, botVersion="DRAFT", localeId="en_US", nluIntentConfidenceThreshold=0.4)
    return {"botId": bot_id, "botVersion": "DRAFT", "localeId": "en_US"}


def hotel(make, build=True, hooks=False, name="HotelBot"):
    """The hotel bot: BookHotel (RoomType custom, CheckIn date, Nights number, confirmation) and Weather."""
    lex = make("lexv2-models")
    ids = locale(make, bot(make, name))
    room = lex.create_slot_type(**ids, slotTypeName="RoomType", valueSelectionSetting={"resolutionStrategy": "TopResolution"},
                                slotTypeValues=[{"sampleValue": {"value": "king"}, "synonyms": [{"value": "big bed"}]},
                                                {"sampleValue": {"value": "queen"}},
                                                {"sampleValue": {"value": "suite"}, "synonyms": [{"value": "penthouse"}]}])
    book = lex.create_intent(
        **ids, intentName="BookHotel",
        sampleUtterances=[{"utterance": u} for u in (
            "book a hotel", "I want to book a room", "I need a hotel room", "book a {RoomType} room",
            "I want a {RoomType} room for {Nights} nights", "reserve a room from {CheckIn}")],
        dialogCodeHook={"enabled": hooks}, fulfillmentCodeHook={"enabled": hooks},
        intentConfirmationSetting={"promptSpecification": prompt("Book a {RoomType} room from {CheckIn} for {Nights} nights?"),
                                   "declinationResponse": {"messageGroups": [{"message": {"plainTextMessage": {"value": "Okay, I have cancelled it."}}}]}},
        intentClosingSetting={"closingResponse": {"messageGroups": [{"message": {"plainTextMessage": {"value": "Your {RoomType} room is booked."}}}]}})
    intent_id = book["intentId"]
    for slot, kind, text in (("RoomType", room["slotTypeId"], "Which room type: king, queen or suite?"),
                             ("CheckIn", "AMAZON.Date", "What day do you check in?"),
                             ("Nights", "AMAZON.Number", "How many nights?")):
        lex.create_slot(**ids, intentId=intent_id, slotName=slot, slotTypeId=kind,
                        valueElicitationSetting={"slotConstraint": "Required", "promptSpecification": prompt(text)})
    lex.create_intent(**ids, intentName="Weather",
                      sampleUtterances=[{"utterance": u} for u in ("what is the weather", "will it rain tomorrow",
                                                                   "weather forecast please", "is it sunny")])
    if build:
        lex.build_bot_locale(**ids)
        lex.get_waiter("bot_locale_built").wait(**ids)
    return dict(ids, intentId=intent_id, slotTypeId=room["slotTypeId"])


def alias_with_lambda(make, ids, arn, sentiment=False):
    lex = make("lexv2-models")
    version = lex.create_bot_version(botId=ids["botId"], botVersionLocaleSpecification={
        "en_US": {"sourceBotVersion": "DRAFT"}})["botVersion"]
    lex.get_waiter("bot_version_available").wait(botId=ids["botId"], botVersion=version)
    settings = {"en_US": {"enabled": True}}
    if arn:
        settings["en_US"]["codeHookSpecification"] = {"lambdaCodeHook": {"lambdaARN": arn, "codeHookInterfaceVersion": "1.0"}}
    alias = lex.create_bot_alias(botId=ids["botId"], botAliasName="Live", botVersion=version,
                                 botAliasLocaleSettings=settings,
                                 sentimentAnalysisSettings={"detectSentiment": sentiment})
    lex.get_waiter("bot_alias_available").wait(botId=ids["botId"], botAliasId=alias["botAliasId"])
    return alias["botAliasId"]
