"""The interpreter alone (a recording port), the flow diagram and chat panel, and the notebook's checkers."""
import json

from awsml_study import data
from awsml_study.engines.flows.interpreter import FlowError, FlowRun, matches
from awsml_study.exercises import connect as ex
from awsml_study.widgets import flow_diagram as fd

from .helpers import chat, create_flow, instance, queue


class Port:
    """Records what the run does; a fake Lex that closes on the second message."""

    def __init__(self):
        self.data = {"Attributes": {}, "Channel": "CHAT", "ContactId": "c1", "InitialContactId": "c1"}
        self.said, self.logged, self.queued, self.ended = [], [], None, None
        self.turns = 0

    def say(self, text, name):
        self.said.append((name, text))

    def set_attributes(self, attrs):
        self.data["Attributes"].update(attrs)

    def queue(self, ref):
        return {"Name": "Q", "QueueArn": "arn:q", "QueueId": ref} if ref == "q1" else None

    def enqueue(self, qid):
        self.queued = qid

    def lex(self, alias, text, attrs):
        self.turns += 1
        if self.turns == 1:
            return {"messages": [{"content": "Which policy?"}],
                    "sessionState": {"dialogAction": {"type": "ElicitSlot"}, "intent": {"name": "ReportClaim",
                                                                                         "state": "InProgress"}}}
        return {"messages": [{"content": "Thanks."}], "sessionState": {
            "dialogAction": {"type": "Close"}, "intent": {"name": "ReportClaim", "state": "ReadyForFulfillment",
                                                          "slots": {"Policy": {"value": {"interpretedValue": "P-1"}}}}}}

    def disconnect(self, reason):
        self.ended = reason

    def log(self, entry):
        self.logged.append(entry)


def lex_flow():
    return json.dumps({"Version": "2019-10-30", "StartAction": "bot", "Actions": [
        {"Identifier": "bot", "Type": "ConnectParticipantWithLexBot",
         "Parameters": {"Text": "Hi", "LexV2Bot": {"AliasArn": "arn"}},
         "Transitions": {"NextAction": "end", "Conditions": [
             {"NextAction": "slot", "Condition": {"Operator": "Equals", "Operands": ["ReportClaim"]}}]}},
        {"Identifier": "slot", "Type": "UpdateContactAttributes",
         "Parameters": {"Attributes": {"policy": "$.Lex.Slots.Policy"}}, "Transitions": {"NextAction": "setq"}},
        {"Identifier": "setq", "Type": "UpdateContactTargetQueue", "Parameters": {"QueueId": "q1"},
         "Transitions": {"NextAction": "xfer"}},
        {"Identifier": "xfer", "Type": "TransferContactToQueue", "Parameters": {}, "Transitions": {}},
        {"Identifier": "end", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]})


def test_interpreter_waits_for_each_lex_turn_then_branches():
    port = Port()
    run = FlowRun(port, "f1", "lex", lex_flow()).start()
    assert run.status == "WAITING" and port.said == [("SYSTEM_MESSAGE", "Hi")]
    run.customer_message("I had an accident")
    assert run.status == "WAITING" and port.said[-1] == ("BOT", "Which policy?")
    run.customer_message("P-1")
    assert run.status == "ENDED" and run.outcome == "QUEUED" and port.queued == "q1"
    assert port.data["Attributes"]["policy"] == "P-1"
    assert run.path == ["bot", "slot", "setq", "xfer"]


def test_loops_without_input_are_stopped():
    loop = json.dumps({"Version": "2019-10-30", "StartAction": "a", "Actions": [
        {"Identifier": "a", "Type": "UpdateContactAttributes", "Parameters": {"Attributes": {"x": "1"}},
         "Transitions": {"NextAction": "a"}}]})
    port = Port()
    run = FlowRun(port, "f", "loop", loop).start()
    assert run.outcome == "ERROR" and port.ended == "CONTACT_FLOW_DISCONNECT"
    assert "without customer input" in port.logged[-1]["Error"]


def test_condition_operators():
    assert matches("NumberGreaterOrEqualTo", "10", "10") and not matches("NumberLessThan", "ten", "3")
    assert matches("TextStartsWith", "ABC-1", "ABC") and matches("TextContains", "my claim", "claim")
    assert FlowError("NoMatchingError", "x").error_type == "NoMatchingError"


def test_diagram_graph_layout_and_figure():
    content = data.path("connect/claims_chat_flow.json").read_text()
    nodes, edges = fd.graph(content)
    assert len(nodes) == 16
    assert {"from": "ask-bot", "to": "note-intent", "label": "= ReportClaim", "error": False} in edges
    pos = fd.layout(content)
    assert pos["greet"][0] < pos["ask-bot"][0] < pos["transfer"][0]
    assert fd.figure(content, ["greet", "logging"])._repr_png_()[:4] == b"\x89PNG"


def test_chat_panel_and_diagram_follow_a_real_chat(aws):
    connect, iid = instance(aws, alias="panel-centre")
    _, claims = queue(connect, iid, "Claims")
    _, general = queue(connect, iid, "General")
    content = data.path("connect/menu_chat_flow.json").read_text().replace(
        "{{CLAIMS_QUEUE_ARN}}", claims).replace("{{GENERAL_QUEUE_ARN}}", general)
    fid = create_flow(connect, iid, content)
    cid, token = chat(aws, connect, iid, fid)
    diagram = fd.FlowDiagram(content)
    panel = ex_panel = fd.ChatPanel(aws("connectparticipant"), token, diagram=diagram, logs=aws("logs"),
                                    log_group="/aws/connect/panel-centre", contact_id=cid)
    panel.send("1")
    assert panel.lines()[-1] == "CUSTOMER (Ana): 1"
    assert diagram.path == ["menu", "claims", "transfer"]
    assert "Type 1 for claims" in ex_panel.html()
    aws("connectparticipant").disconnect_participant(ConnectionToken=token)
    panel.send("anyone there?")
    assert panel.error.startswith("AccessDeniedException") and "AccessDeniedException" in panel.html()


def test_exercise_checkers(aws, capsys):
    connect, iid = instance(aws)
    broken = data.path("connect/broken_flow.json").read_text()
    assert ex.check_problem_count(connect, iid, broken, None) is False
    assert "Not answered yet" in capsys.readouterr().out
    assert ex.check_problem_count(connect, iid, broken, 5) is True
    assert ex.check_problem_count(connect, iid, broken, 3) is False
    assert ex.check_fixed_flow(connect, iid, broken) is False
    gold, gold_arn = queue(connect, iid, "Gold")
    other, other_arn = queue(connect, iid, "Everyone")
    flow = {"Version": "2019-10-30", "StartAction": "tier", "Actions": [
        {"Identifier": "tier", "Type": "Compare", "Parameters": {"ComparisonValue": "$.Attributes.tier"},
         "Transitions": {"NextAction": "other", "Conditions": [
             {"NextAction": "gold", "Condition": {"Operator": "Equals", "Operands": ["gold"]}}],
             "Errors": [{"NextAction": "other", "ErrorType": "NoMatchingCondition"}]}},
        {"Identifier": "gold", "Type": "UpdateContactTargetQueue", "Parameters": {"QueueId": gold_arn},
         "Transitions": {"NextAction": "xfer"}},
        {"Identifier": "other", "Type": "UpdateContactTargetQueue", "Parameters": {"QueueId": other_arn},
         "Transitions": {"NextAction": "xfer"}},
        {"Identifier": "xfer", "Type": "TransferContactToQueue", "Parameters": {}, "Transitions": {}}]}
    assert ex.check_fixed_flow(connect, iid, flow) is True
    fid = create_flow(connect, iid, flow, name="gold routing")
    assert ex.check_gold_routing(connect, aws("connectparticipant"), iid, fid, gold) is True
    everyone = create_flow(connect, iid, json.dumps(flow).replace(gold_arn, other_arn), name="no gold")
    assert ex.check_gold_routing(connect, aws("connectparticipant"), iid, everyone, gold) is False
    chat(aws, connect, iid, fid, attributes={"tier": "gold"})
    assert ex.check_queue_depth(connect, iid, gold, 1) is True
    assert ex.check_queue_depth(connect, iid, gold, 0) is False


def test_stored_input_with_phone_validation_and_transfer_to_flow():
    port = Port()
    port.flow = lambda ref: ("f2", "second", json.dumps({"Version": "2019-10-30", "StartAction": "bye", "Actions": [
        {"Identifier": "bye", "Type": "MessageParticipant", "Parameters": {"Text": "Saved $.StoredCustomerInput"},
         "Transitions": {"NextAction": "end"}},
        {"Identifier": "end", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}), "CONTACT_FLOW") \
        if ref == "f2" else None
    content = json.dumps({"Version": "2019-10-30", "StartAction": "ask", "Actions": [
        {"Identifier": "ask", "Type": "GetParticipantInput",
         "Parameters": {"Text": "Your number?", "StoreInput": "True",
                        "InputValidation": {"PhoneNumberValidation": {"NumberFormat": "E164"}}},
         "Transitions": {"NextAction": "next", "Errors": [{"NextAction": "retry", "ErrorType": "InvalidPhoneNumber"},
                                                           {"NextAction": "retry", "ErrorType": "NoMatchingError"}]}},
        {"Identifier": "retry", "Type": "MessageParticipant", "Parameters": {"Text": "Not a number"},
         "Transitions": {"NextAction": "ask"}},
        {"Identifier": "next", "Type": "TransferToFlow", "Parameters": {"ContactFlowId": "f2"},
         "Transitions": {"Errors": [{"NextAction": "retry", "ErrorType": "NoMatchingError"}]}}]})
    run = FlowRun(port, "f1", "first", content).start()
    run.customer_message("call me maybe")
    assert port.said[-2:] == [("SYSTEM_MESSAGE", "Not a number"), ("SYSTEM_MESSAGE", "Your number?")]
    run.customer_message("+12065550123")
    assert port.said[-1] == ("SYSTEM_MESSAGE", "Saved +12065550123")
    assert run.outcome == "DISCONNECTED" and port.ended == "CONTACT_FLOW_DISCONNECT"
    assert run.path[-3:] == ["next", "bye", "end"]


def test_closed_hours_take_the_false_branch(aws):
    import datetime as dt
    connect, iid = instance(aws)
    today = dt.datetime.now(dt.timezone.utc).strftime("%A").upper()
    other = [d for d in ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
             if d != today][2]
    hours = connect.create_hours_of_operation(InstanceId=iid, Name="One day", TimeZone="UTC", Config=[
        {"Day": other, "StartTime": {"Hours": 0, "Minutes": 0}, "EndTime": {"Hours": 0, "Minutes": 0}}])
    content = {"Version": "2019-10-30", "StartAction": "hours", "Actions": [
        {"Identifier": "hours", "Type": "CheckHoursOfOperation",
         "Parameters": {"HoursOfOperationId": hours["HoursOfOperationId"]},
         "Transitions": {"NextAction": "end", "Conditions": [
             {"NextAction": "open", "Condition": {"Operator": "Equals", "Operands": ["True"]}},
             {"NextAction": "closed", "Condition": {"Operator": "Equals", "Operands": ["False"]}}]}},
        {"Identifier": "open", "Type": "MessageParticipant", "Parameters": {"Text": "open"},
         "Transitions": {"NextAction": "end"}},
        {"Identifier": "closed", "Type": "MessageParticipant", "Parameters": {"Text": "closed"},
         "Transitions": {"NextAction": "end"}},
        {"Identifier": "end", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}
    fid = create_flow(connect, iid, content)
    _, token = chat(aws, connect, iid, fid)
    from .helpers import messages
    assert messages(aws, token)[-1][2] == "closed"
