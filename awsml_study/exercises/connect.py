"""Self-checks for notebooks/06_connect.ipynb: each one runs the learner's answer through the simulator."""
from __future__ import annotations

import json
from awsml_study.exercises.feedback import blank, say


def _problems(client, instance_id: str, content: str) -> list[str]:
    """The problems Connect lists for `content`, found by really creating (then deleting) the flow."""
    from botocore.exceptions import ClientError
    try:
        made = client.create_contact_flow(InstanceId=instance_id, Name=f"exercise-check-{abs(hash(content))}",
                                          Type="CONTACT_FLOW", Content=content)
    except ClientError as err:
        if err.response["Error"]["Code"] == "InvalidContactFlowException":
            return [p["message"] for p in err.response.get("problems", [])]
        raise
    client.delete_contact_flow(InstanceId=instance_id, ContactFlowId=made["ContactFlowId"])
    return []


def check_problem_count(client, instance_id: str, content: str, answer) -> bool:
    """Exercise 1: how many problems Connect reports when this flow is published."""
    if blank(answer):
        return False
    found = _problems(client, instance_id, content)
    return say(int(answer) == len(found), f"Connect lists {len(found)} problems:\n  - " + "\n  - ".join(found),
               "Not quite. Publish it with create_contact_flow and count the 'problems' in the error response.")


def check_fixed_flow(client, instance_id: str, content) -> bool:
    """Exercise 2: a repaired flow that Connect publishes without problems."""
    if blank(content):
        return False
    text = content if isinstance(content, str) else json.dumps(content)
    found = _problems(client, instance_id, text)
    return say(not found, "Connect publishes it.", "Still not valid:\n  - " + "\n  - ".join(found))


def _route(client, participant, instance_id: str, flow_id: str, tier: str) -> str | None:
    started = client.start_chat_contact(InstanceId=instance_id, ContactFlowId=flow_id,
                                        ParticipantDetails={"DisplayName": f"check-{tier}"},
                                        Attributes={"tier": tier}, ConnectionTypes=["CONNECTION_CREDENTIALS"])
    contact = client.describe_contact(InstanceId=instance_id, ContactId=started["ContactId"])["Contact"]
    queue = (contact.get("QueueInfo") or {}).get("Id")
    if "DisconnectTimestamp" not in contact:
        participant.disconnect_participant(ConnectionToken=started["ConnectionCredentials"]["ConnectionToken"])
    return queue


def check_gold_routing(client, participant, instance_id: str, flow_id, gold_queue_id: str) -> bool:
    """Exercise 3: your flow sends tier=gold chats to the Gold queue and every other chat elsewhere."""
    if blank(flow_id):
        return False
    gold = _route(client, participant, instance_id, flow_id, "gold")
    silver = _route(client, participant, instance_id, flow_id, "silver")
    if gold != gold_queue_id:
        return say(False, "", "A tier=gold chat did not reach the Gold queue; check your Compare condition "
                   "(Operator Equals, Operands ['gold']) and the queue you set.")
    return say(silver != gold_queue_id, "Gold chats reach the Gold queue and the others do not.",
               "A tier=silver chat also reached the Gold queue; route the NoMatchingCondition branch elsewhere.")


def check_queue_depth(client, instance_id: str, queue_id: str, answer) -> bool:
    """Exercise 4: how many chats wait in the queue right now (GetCurrentMetricData CONTACTS_IN_QUEUE)."""
    if blank(answer):
        return False
    result = client.get_current_metric_data(InstanceId=instance_id, Filters={"Queues": [queue_id]},
                                            CurrentMetrics=[{"Name": "CONTACTS_IN_QUEUE", "Unit": "COUNT"}])
    value = int(result["MetricResults"][0]["Collections"][0]["Value"]) if result["MetricResults"] else 0
    return say(int(answer) == value, f"{value} contact(s) are waiting.",
               "Ask GetCurrentMetricData for CONTACTS_IN_QUEUE (Unit COUNT), filtered on the queue.")
