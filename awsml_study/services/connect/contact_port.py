"""What the flow interpreter may do to a contact: messages, attributes, queues, hours, Lex, Lambda, flow logs."""
from __future__ import annotations

import json
import random

from awsml_study.engines.flows.interpreter import FlowError
from awsml_study.services.connect import store
from awsml_study.services.connect.bots import split_alias
from awsml_study.sim.errors import AwsError

MAX_ATTRIBUTES = 32 * 1024  # UTF-8 bytes across all contact attributes of a contact


def attribute_bytes(attrs: dict) -> int:
    return sum(len(str(k).encode()) + len(str(v).encode()) for k, v in attrs.items())


class ContactPort:
    """What the interpreter may do to a contact, done inside the simulation (Lex, Lambda, logs via boto3)."""

    def __init__(self, contact):
        self.contact = contact
        self.data = contact.data
        self.logging = True
        self._lex_started: set = set()

    def say(self, text, display_name: str) -> None:
        text = "" if text is None else str(text)[:16384]
        if text.strip():
            self.contact.add("MESSAGE", self.contact.system_id, "SYSTEM", display_name, text)

    def set_attributes(self, attrs: dict) -> None:
        # Contact attributes are strings, whatever JSON type the flow wrote.
        attrs = {str(k): "" if v is None else (v if isinstance(v, str) else json.dumps(v)) for k, v in attrs.items()}
        merged = {**self.data["Attributes"], **attrs}
        if attribute_bytes(merged) > MAX_ATTRIBUTES:
            raise FlowError("NoMatchingError", "contact attributes would exceed 32 KB")
        self.data["Attributes"] = merged

    def queue(self, ref) -> dict | None:
        ref = str(ref)
        ident = ref.rsplit("/", 1)[-1] if ref.startswith("arn:") else ref
        return self.contact.inst.table("queues").get(ident)

    def enqueue(self, queue_id: str) -> None:
        queue = self.contact.inst.table("queues").get(queue_id)
        if queue is None or queue.get("Status") == "DISABLED":
            raise FlowError("NoMatchingError", "the working queue is missing or disabled")
        waiting = sum(1 for c in self.contact.inst.contacts.values() if c.active and c.queue_id == queue_id)
        if queue.get("MaxContacts") is not None and waiting >= queue["MaxContacts"]:
            raise FlowError("QueueAtCapacity", f"queue {queue['Name']} holds its maximum of {queue['MaxContacts']}")
        self.contact.queue_id, self.contact.enqueued = queue_id, store.now()

    def hours_open(self, ref) -> bool:
        from zoneinfo import ZoneInfo
        ref = None if ref is None else str(ref)
        inst = self.contact.inst
        if ref is None:
            target = self.data.get("Queue")
            if not target:
                raise FlowError("NoMatchingError", "no hours of operation given and no working queue set")
            ref = inst.table("queues")[target["Id"]]["HoursOfOperationId"]
        hours = inst.table("hours").get(ref.rsplit("/", 1)[-1])
        if hours is None:
            raise FlowError("NoMatchingError", f"hours of operation {ref} not found")
        local = store.now().astimezone(ZoneInfo(hours["TimeZone"]))
        minute = local.hour * 60 + local.minute
        day = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"][local.weekday()]
        for slot in hours["Config"]:
            if slot["Day"] != day:
                continue
            start = slot["StartTime"]["Hours"] * 60 + slot["StartTime"]["Minutes"]
            end = slot["EndTime"]["Hours"] * 60 + slot["EndTime"]["Minutes"]
            if start == end or start <= minute < (end or 24 * 60):  # 00:00-00:00 is the whole day
                return True
        return False

    def random_percent(self) -> int:
        return random.randint(1, 100)

    def flow(self, ref):
        ident = str(ref).rsplit("/", 1)[-1]
        props = self.contact.inst.table("flows").get(ident)
        if props is None or "_published" not in props:
            return None
        return props["Id"], props["Name"], props["_published"], props["Type"]

    def lex(self, alias_arn, text: str, attrs: dict) -> dict:
        """One RecognizeText call to the Lex V2 runtime, as Connect makes it for a chat turn."""
        alias_arn = str(alias_arn)
        from botocore.exceptions import BotoCoreError, ClientError
        if not any(b["LexV2Bot"]["AliasArn"] == alias_arn for b in self.contact.inst.bots):
            raise FlowError("NoMatchingError", f"bot alias {alias_arn} is not associated with the instance "
                            "(AssociateBot)")
        try:
            region, bot_id, alias_id = split_alias(alias_arn)
        except AwsError as err:
            raise FlowError("NoMatchingError", err.message) from None
        request = {"botId": bot_id, "botAliasId": alias_id, "sessionId": self.contact.id, "text": text,
                   "localeId": (self.data.get("LanguageCode") or "en-US").replace("-", "_"),
                   "requestAttributes": {"x-amz-lex:channels:platform": "Connect Chat"}}
        if alias_arn not in self._lex_started:  # session attributes go with the block's first turn
            self._lex_started.add(alias_arn)
            if attrs:
                request["sessionState"] = {"sessionAttributes": {str(k): str(v) for k, v in attrs.items()}}
        try:
            return store.client("lexv2-runtime", region).recognize_text(**request)
        except ClientError as err:
            raise FlowError("NoMatchingError", f"Lex {err.response['Error']['Code']}: "
                            f"{err.response['Error']['Message']}") from None
        except BotoCoreError as err:  # e.g. a text Lex's input validation refuses
            raise FlowError("NoMatchingError", f"Lex request refused: {err}") from None

    def invoke_lambda(self, arn, data: dict, timeout: int) -> dict:
        arn = str(arn)
        from botocore.exceptions import BotoCoreError, ClientError
        if arn not in self.contact.inst.table("lambda"):
            raise FlowError("NoMatchingError", f"Lambda function {arn} is not associated (AssociateLambdaFunction)")
        event = {"Name": "ContactFlowEvent", "Details": {"Parameters": {}, "ContactData": {
            "Attributes": data["Attributes"], "Channel": data["Channel"], "ContactId": data["ContactId"],
            "InitialContactId": data["InitialContactId"], "InstanceARN": self.contact.inst.arn,
            "Queue": data.get("Queue"), "LanguageCode": data.get("LanguageCode", "en-US")}}}
        try:
            reply = store.client("lambda").invoke(FunctionName=arn, Payload=json.dumps(event))
        except ClientError as err:
            raise FlowError("NoMatchingError", f"Lambda {err.response['Error']['Code']}") from None
        except BotoCoreError as err:
            raise FlowError("NoMatchingError", f"Lambda request refused: {err}") from None
        body = reply["Payload"].read()
        if reply.get("FunctionError"):
            raise FlowError("NoMatchingError", f"the function failed: {body[:200]!r}")
        try:
            result = json.loads(body or b"{}")
        except ValueError:
            raise FlowError("NoMatchingError", "the function did not return JSON") from None
        if not isinstance(result, dict) or any(isinstance(v, (dict, list)) for v in result.values()):
            raise FlowError("NoMatchingError", "a STRING_MAP response must be a flat JSON object")
        return {k: "" if v is None else str(v) for k, v in result.items()}

    def disconnect(self, reason: str) -> None:
        self.contact.end(reason)

    def log(self, entry: dict) -> None:
        if self.logging:
            self.contact.logs.append({**entry, "ContactId": self.contact.id, "Timestamp": store.iso(store.now())})


def flush_logs(contact) -> None:
    """Write the run's new flow-log entries to CloudWatch Logs (served by moto), where Connect
    writes them: log group /aws/connect/<instance alias>, one stream per contact here."""
    if not contact.logs:
        return
    logs = store.client("logs")
    group = f"/aws/connect/{contact.inst.props.get('InstanceAlias') or contact.inst.id}"
    if not contact.inst.props.get("_log_group"):
        try:
            logs.create_log_group(logGroupName=group)
        except logs.exceptions.ResourceAlreadyExistsException:
            pass
        contact.inst.props["_log_group"] = group
    if not contact.data.get("_log_stream"):
        logs.create_log_stream(logGroupName=group, logStreamName=contact.id)
        contact.data["_log_stream"] = contact.id
    stamp = int(store.now().timestamp() * 1000)
    logs.put_log_events(logGroupName=group, logStreamName=contact.id,
                        logEvents=[{"timestamp": stamp, "message": json.dumps(e)} for e in contact.logs])
    contact.logs.clear()
