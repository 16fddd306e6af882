"""Connect speed: one chat turn through a contact flow, beside a moto baseline call.

Prints the wall time of: moto's canned DescribeInstance (the baseline, measured in this run); the
kit's DescribeQueue; a chat turn (SendMessage) through a keypad menu flow; a chat turn through a flow
whose ConnectParticipantWithLexBot action hands the message to the kit's Lex V2 runtime; and that
RecognizeText call alone. Run: .venv/bin/python benchmarks/bench_connect.py
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import boto3

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
REPEAT = 30


def best_of(fn, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2]   # the median: flow logs and Lex calls vary more than canned calls


def moto_baseline() -> float:
    from moto import mock_aws
    with mock_aws():
        connect = boto3.client("connect", region_name="us-east-1")
        iid = connect.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias="bench",
                                      InboundCallsEnabled=True, OutboundCallsEnabled=True)["Id"]
        return best_of(lambda: connect.describe_instance(InstanceId=iid))


def loop_flow(bot_alias: str | None) -> str:
    """A flow that never ends, so every customer message is one more turn."""
    if bot_alias:
        first = {"Identifier": "ask", "Type": "ConnectParticipantWithLexBot",
                 "Parameters": {"LexV2Bot": {"AliasArn": bot_alias}},
                 "Transitions": {"NextAction": "note", "Errors": [{"NextAction": "note", "ErrorType": "NoMatchingError"},
                                                                   {"NextAction": "note", "ErrorType": "NoMatchingCondition"}]}}
    else:
        first = {"Identifier": "ask", "Type": "GetParticipantInput", "Parameters": {"Text": "Type 1 or 2"},
                 "Transitions": {"NextAction": "note", "Conditions": [
                     {"NextAction": "note", "Condition": {"Operator": "Equals", "Operands": ["1"]}}],
                     "Errors": [{"NextAction": "note", "ErrorType": "NoMatchingCondition"},
                                {"NextAction": "note", "ErrorType": "NoMatchingError"}]}}
    note = {"Identifier": "note", "Type": "UpdateContactAttributes",
            "Parameters": {"Attributes": {"last": "$.Lex.IntentName"}}, "Transitions": {"NextAction": "say"}}
    say = {"Identifier": "say", "Type": "MessageParticipant", "Parameters": {"Text": "Noted: $.Attributes.last"},
           "Transitions": {"NextAction": "ask"}}
    return json.dumps({"Version": "2019-10-30", "StartAction": "ask", "Actions": [first, note, say]})


def main() -> None:
    import awsml_study
    from tests.services.connect.helpers import claims_bot
    baseline = moto_baseline()
    rows = []
    with awsml_study.simulate():
        make = lambda name: boto3.client(name, region_name="us-east-1")
        connect, participant = make("connect"), make("connectparticipant")
        iid = connect.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias="bench",
                                      InboundCallsEnabled=True, OutboundCallsEnabled=True)["Id"]
        qid = connect.list_queues(InstanceId=iid)["QueueSummaryList"][0]["Id"]
        rows.append(("DescribeQueue (kit control plane)", best_of(lambda: connect.describe_queue(InstanceId=iid, QueueId=qid))))
        alias = claims_bot(make)
        connect.associate_bot(InstanceId=iid, LexV2Bot={"AliasArn": alias})
        for label, bot in (("chat turn, keypad menu flow (3 actions)", None),
                           ("chat turn, flow → Lex V2 bot (3 actions)", alias)):
            fid = connect.create_contact_flow(InstanceId=iid, Name=label, Type="CONTACT_FLOW",
                                              Content=loop_flow(bot))["ContactFlowId"]
            token = connect.start_chat_contact(InstanceId=iid, ContactFlowId=fid, ParticipantDetails={"DisplayName": "b"},
                                               ConnectionTypes=["CONNECTION_CREDENTIALS"])[
                "ConnectionCredentials"]["ConnectionToken"]
            send = lambda: participant.send_message(ConnectionToken=token, ContentType="text/plain",
                                                    Content="I want to report a claim")
            send()
            rows.append((label, best_of(send)))
        bot_id, alias_id = alias.rsplit("/", 2)[-2:]
        runtime = make("lexv2-runtime")
        rows.append(("RecognizeText alone (kit Lex runtime)", best_of(lambda: runtime.recognize_text(
            botId=bot_id, botAliasId=alias_id, localeId="en_US", sessionId="bench", text="I want to report a claim"))))
    print(f"{'call':<44} {'median ms':>10} {'× moto DescribeInstance':>24}")
    print("-" * 80)
    print(f"{'moto canned DescribeInstance (baseline)':<44} {baseline * 1000:10.2f} {1.0:24.1f}")
    for label, seconds in rows:
        print(f"{label:<44} {seconds * 1000:10.2f} {seconds / baseline:24.1f}")
    print("-" * 80)
    print(f"median of {REPEAT} calls each; a chat turn includes the flow log write to CloudWatch Logs (moto).")


if __name__ == "__main__":
    main()
