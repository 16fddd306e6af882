"""Representative valid calls and error cases for every simulated Connect and Connect Participant operation."""
import json

END = {"Identifier": "end", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}
ASK = {"Identifier": "ask", "Type": "GetParticipantInput", "Parameters": {"Text": "Type 1", "StoreInput": "False"},
       "Transitions": {"NextAction": "end", "Errors": [{"NextAction": "end", "ErrorType": "NoMatchingError"}]}}
FLOW = json.dumps({"Version": "2019-10-30", "StartAction": "ask", "Actions": [ASK, END]})
ALIAS = "arn:aws:lex:us-east-1:123456789012:bot-alias/ABCDEFGHIJ/TSTALIASID"
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:lookup"


def _inst(make):
    return make("connect").create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias="contract",
                                           InboundCallsEnabled=True, OutboundCallsEnabled=False)["Id"]


def _first(make, iid, lister, key):
    return getattr(make("connect"), lister)(InstanceId=iid)[key][0]["Id"]


def _hours(make, iid):
    return _first(make, iid, "list_hours_of_operations", "HoursOfOperationSummaryList")


def _queue(make, iid):
    return _first(make, iid, "list_queues", "QueueSummaryList")


def _profile(make, iid):
    return _first(make, iid, "list_routing_profiles", "RoutingProfileSummaryList")


def _security(make, iid):
    return _first(make, iid, "list_security_profiles", "SecurityProfileSummaryList")


def _flow(make, iid):
    return make("connect").create_contact_flow(InstanceId=iid, Name="contract", Type="CONTACT_FLOW",
                                               Content=FLOW)["ContactFlowId"]


def _user(make, iid):
    return make("connect").create_user(InstanceId=iid, Username="agent1", Password="Passw0rdX",
                                       SecurityProfileIds=[_security(make, iid)], RoutingProfileId=_profile(make, iid),
                                       PhoneConfig={"PhoneType": "SOFT_PHONE"})["UserId"]


def _quick(make, iid):
    return make("connect").create_quick_connect(InstanceId=iid, Name="broker", QuickConnectConfig={
        "QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": "+12065550100"}})["QuickConnectId"]


def _prompt(make, iid):
    s3 = make("s3")
    s3.create_bucket(Bucket="contract-prompts")
    s3.put_object(Bucket="contract-prompts", Key="hello.wav", Body=b"RIFF")
    return make("connect").create_prompt(InstanceId=iid, Name="hello", S3Uri="s3://contract-prompts/hello.wav")[
        "PromptId"]


def _number(make, iid):
    found = make("connect").search_available_phone_numbers(InstanceId=iid, PhoneNumberCountryCode="US",
                                                           PhoneNumberType="DID", MaxResults=1)
    return make("connect").claim_phone_number(InstanceId=iid, PhoneNumber=found["AvailableNumbersList"][0][
        "PhoneNumber"])["PhoneNumberId"]


def _contact(make, iid=None):
    iid = iid or _inst(make)
    started = make("connect").start_chat_contact(InstanceId=iid, ContactFlowId=_flow(make, iid),
                                                 ParticipantDetails={"DisplayName": "Ana"},
                                                 ConnectionTypes=["CONNECTION_CREDENTIALS"])
    return iid, started


def _connection(make):
    return _contact(make)[1]["ConnectionCredentials"]["ConnectionToken"]


def _with_bot(make, iid):
    make("connect").associate_bot(InstanceId=iid, LexV2Bot={"AliasArn": _bot_alias(make)})
    return iid


def _bot_alias(make):
    lex = make("lexv2-models")
    bot = lex.create_bot(botName="ContractBot", roleArn="arn:aws:iam::123456789012:role/LexRole",
                         dataPrivacy={"childDirected": False}, idleSessionTTLInSeconds=300)["botId"]
    lex.get_waiter("bot_available").wait(botId=bot)
    return f"arn:aws:lex:us-east-1:123456789012:bot-alias/{bot}/TSTALIASID"


def _lambda(make, iid):
    make("connect").associate_lambda_function(InstanceId=iid, FunctionArn=LAMBDA)
    return iid


def _queue_arn(make, iid):
    return make("connect").list_queues(InstanceId=iid)["QueueSummaryList"][0]["Arn"]


def _iid_with(make, builder, key):
    iid = _inst(make)
    return {"InstanceId": iid, key: builder(make, iid)}


HOURS_CONFIG = [{"Day": "MONDAY", "StartTime": {"Hours": 9, "Minutes": 0}, "EndTime": {"Hours": 17, "Minutes": 0}}]

EXAMPLES = {
    "CreateInstance": lambda make: {"IdentityManagementType": "CONNECT_MANAGED", "InstanceAlias": "contract-x",
                                    "InboundCallsEnabled": True, "OutboundCallsEnabled": True},
    "DescribeInstance": lambda make: {"InstanceId": _inst(make)},
    "ListInstances": lambda make: {} if _inst(make) else {},
    "DeleteInstance": lambda make: {"InstanceId": _inst(make)},
    "CreateHoursOfOperation": lambda make: {"InstanceId": _inst(make), "Name": "Office", "TimeZone": "America/New_York",
                                            "Config": HOURS_CONFIG},
    "DescribeHoursOfOperation": lambda make: _iid_with(make, _hours, "HoursOfOperationId"),
    "UpdateHoursOfOperation": lambda make: {**_iid_with(make, _hours, "HoursOfOperationId"), "Config": HOURS_CONFIG},
    "ListHoursOfOperations": lambda make: {"InstanceId": _inst(make)},
    "DeleteHoursOfOperation": lambda make: (lambda iid: {"InstanceId": iid, "HoursOfOperationId": make(
        "connect").create_hours_of_operation(InstanceId=iid, Name="Spare", TimeZone="UTC", Config=HOURS_CONFIG)[
        "HoursOfOperationId"]})(_inst(make)),
    "CreateQueue": lambda make: (lambda iid: {"InstanceId": iid, "Name": "Claims",
                                              "HoursOfOperationId": _hours(make, iid)})(_inst(make)),
    "DescribeQueue": lambda make: _iid_with(make, _queue, "QueueId"),
    "ListQueues": lambda make: {"InstanceId": _inst(make), "QueueTypes": ["STANDARD"]},
    "UpdateQueueStatus": lambda make: {**_iid_with(make, _queue, "QueueId"), "Status": "DISABLED"},
    "UpdateQueueMaxContacts": lambda make: {**_iid_with(make, _queue, "QueueId"), "MaxContacts": 10},
    "DeleteQueue": lambda make: (lambda iid: {"InstanceId": iid, "QueueId": make("connect").create_queue(
        InstanceId=iid, Name="Spare", HoursOfOperationId=_hours(make, iid))["QueueId"]})(_inst(make)),
    "CreateRoutingProfile": lambda make: (lambda iid: {
        "InstanceId": iid, "Name": "Claims agents", "Description": "claims", "DefaultOutboundQueueId": _queue(make, iid),
        "MediaConcurrencies": [{"Channel": "CHAT", "Concurrency": 2}]})(_inst(make)),
    "DescribeRoutingProfile": lambda make: _iid_with(make, _profile, "RoutingProfileId"),
    "ListRoutingProfiles": lambda make: {"InstanceId": _inst(make)},
    "ListRoutingProfileQueues": lambda make: _iid_with(make, _profile, "RoutingProfileId"),
    "AssociateRoutingProfileQueues": lambda make: (lambda iid: {
        "InstanceId": iid, "RoutingProfileId": _profile(make, iid), "QueueConfigs": [
            {"QueueReference": {"QueueId": _queue(make, iid), "Channel": "EMAIL"}, "Priority": 2, "Delay": 0}]})(
        _inst(make)),
    "DeleteRoutingProfile": lambda make: _iid_with(make, _profile, "RoutingProfileId"),
    "CreateUser": lambda make: (lambda iid: {
        "InstanceId": iid, "Username": "agent2", "Password": "Passw0rdX", "SecurityProfileIds": [_security(make, iid)],
        "RoutingProfileId": _profile(make, iid), "PhoneConfig": {"PhoneType": "SOFT_PHONE"}})(_inst(make)),
    "DescribeUser": lambda make: _iid_with(make, _user, "UserId"),
    "ListUsers": lambda make: {"InstanceId": _inst(make)},
    "UpdateUserRoutingProfile": lambda make: (lambda iid: {"InstanceId": iid, "UserId": _user(make, iid),
                                                           "RoutingProfileId": _profile(make, iid)})(_inst(make)),
    "DeleteUser": lambda make: _iid_with(make, _user, "UserId"),
    "CreateSecurityProfile": lambda make: {"InstanceId": _inst(make), "SecurityProfileName": "Supervisors",
                                           "Permissions": ["BasicAgentAccess"]},
    "DescribeSecurityProfile": lambda make: _iid_with(make, _security, "SecurityProfileId"),
    "ListSecurityProfiles": lambda make: {"InstanceId": _inst(make)},
    "ListSecurityProfilePermissions": lambda make: _iid_with(make, _security, "SecurityProfileId"),
    "DeleteSecurityProfile": lambda make: _iid_with(make, _security, "SecurityProfileId"),
    "CreateQuickConnect": lambda make: {"InstanceId": _inst(make), "Name": "broker", "QuickConnectConfig": {
        "QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": "+12065550100"}}},
    "DescribeQuickConnect": lambda make: _iid_with(make, _quick, "QuickConnectId"),
    "ListQuickConnects": lambda make: {"InstanceId": _inst(make)},
    "DeleteQuickConnect": lambda make: _iid_with(make, _quick, "QuickConnectId"),
    "AssociateQueueQuickConnects": lambda make: (lambda iid: {"InstanceId": iid, "QueueId": _queue(make, iid),
                                                              "QuickConnectIds": [_quick(make, iid)]})(_inst(make)),
    "ListQueueQuickConnects": lambda make: _iid_with(make, _queue, "QueueId"),
    "CreatePrompt": lambda make: (lambda iid: {"InstanceId": iid, "Name": "p", "S3Uri": "s3://contract-prompts/a.wav"}
                                  if make("s3").create_bucket(Bucket="contract-prompts") and make("s3").put_object(
                                      Bucket="contract-prompts", Key="a.wav", Body=b"RIFF") else {})(_inst(make)),
    "DescribePrompt": lambda make: _iid_with(make, _prompt, "PromptId"),
    "ListPrompts": lambda make: {"InstanceId": _inst(make)},
    "DeletePrompt": lambda make: _iid_with(make, _prompt, "PromptId"),
    "SearchAvailablePhoneNumbers": lambda make: {"InstanceId": _inst(make), "PhoneNumberCountryCode": "US",
                                                 "PhoneNumberType": "TOLL_FREE", "MaxResults": 5},
    "ClaimPhoneNumber": lambda make: {"InstanceId": _inst(make), "PhoneNumber": "+12065550100"},
    "DescribePhoneNumber": lambda make: {"PhoneNumberId": _number(make, _inst(make))},
    "ListPhoneNumbersV2": lambda make: (lambda iid: {"InstanceId": iid} if _number(make, iid) else {})(_inst(make)),
    "ReleasePhoneNumber": lambda make: {"PhoneNumberId": _number(make, _inst(make))},
    "AssociatePhoneNumberContactFlow": lambda make: (lambda iid: {
        "InstanceId": iid, "PhoneNumberId": _number(make, iid), "ContactFlowId": _flow(make, iid)})(_inst(make)),
    "DisassociatePhoneNumberContactFlow": lambda make: (lambda iid: (lambda pid: {"InstanceId": iid, "PhoneNumberId": pid}
        if make("connect").associate_phone_number_contact_flow(InstanceId=iid, PhoneNumberId=pid,
                                                               ContactFlowId=_flow(make, iid)) else {})(
        _number(make, iid)))(_inst(make)),
    "AssociateBot": lambda make: {"InstanceId": _inst(make), "LexV2Bot": {"AliasArn": _bot_alias(make)}},
    "ListBots": lambda make: {"InstanceId": _with_bot(make, _inst(make)), "LexVersion": "V2"},
    "DisassociateBot": lambda make: (lambda iid: {"InstanceId": iid, "LexV2Bot": make("connect").list_bots(
        InstanceId=iid, LexVersion="V2")["LexBots"][0]["LexV2Bot"]})(_with_bot(make, _inst(make))),
    "AssociateLambdaFunction": lambda make: {"InstanceId": _inst(make), "FunctionArn": LAMBDA},
    "ListLambdaFunctions": lambda make: {"InstanceId": _lambda(make, _inst(make))},
    "DisassociateLambdaFunction": lambda make: {"InstanceId": _lambda(make, _inst(make)), "FunctionArn": LAMBDA},
    "AssociateAnalyticsDataSet": lambda make: {"InstanceId": _inst(make), "DataSetId": "contact_record"},
    "ListAnalyticsDataAssociations": lambda make: (lambda iid: {"InstanceId": iid} if make(
        "connect").associate_analytics_data_set(InstanceId=iid, DataSetId="contact_record") else {})(_inst(make)),
    "DisassociateAnalyticsDataSet": lambda make: (lambda iid: {"InstanceId": iid, "DataSetId": "contact_record"} if make(
        "connect").associate_analytics_data_set(InstanceId=iid, DataSetId="contact_record") else {})(_inst(make)),
    "TagResource": lambda make: {"resourceArn": _queue_arn(make, _inst(make)), "tags": {"team": "claims"}},
    "UntagResource": lambda make: {"resourceArn": _queue_arn(make, _inst(make)), "tagKeys": ["team"]},
    "ListTagsForResource": lambda make: {"resourceArn": _queue_arn(make, _inst(make))},
    "CreateContactFlow": lambda make: {"InstanceId": _inst(make), "Name": "menu", "Type": "CONTACT_FLOW",
                                       "Content": FLOW},
    "DescribeContactFlow": lambda make: _iid_with(make, _flow, "ContactFlowId"),
    "UpdateContactFlowContent": lambda make: {**_iid_with(make, _flow, "ContactFlowId"), "Content": FLOW},
    "UpdateContactFlowName": lambda make: {**_iid_with(make, _flow, "ContactFlowId"), "Name": "menu v2"},
    "UpdateContactFlowMetadata": lambda make: {**_iid_with(make, _flow, "ContactFlowId"), "ContactFlowState": "ARCHIVED"},
    "ListContactFlows": lambda make: {"InstanceId": _inst(make), "ContactFlowTypes": ["CUSTOMER_QUEUE"]},
    "DeleteContactFlow": lambda make: _iid_with(make, _flow, "ContactFlowId"),
    "StartChatContact": lambda make: (lambda iid: {"InstanceId": iid, "ContactFlowId": _flow(make, iid),
                                                   "ParticipantDetails": {"DisplayName": "Ana"},
                                                   "InitialMessage": {"ContentType": "text/plain", "Content": "hi"},
                                                   "ConnectionTypes": ["WEBSOCKET", "CONNECTION_CREDENTIALS"]})(
        _inst(make)),
    "StartTaskContact": lambda make: (lambda iid: {"InstanceId": iid, "ContactFlowId": _flow(make, iid),
                                                   "Name": "Call back Ana", "Attributes": {"policy": "P-1"}})(
        _inst(make)),
    "DescribeContact": lambda make: (lambda c: {"InstanceId": c[0], "ContactId": c[1]["ContactId"]})(_contact(make)),
    "StopContact": lambda make: (lambda c: {"InstanceId": c[0], "ContactId": c[1]["ContactId"]})(_contact(make)),
    "GetContactAttributes": lambda make: (lambda c: {"InstanceId": c[0], "InitialContactId": c[1]["ContactId"]})(
        _contact(make)),
    "UpdateContactAttributes": lambda make: (lambda c: {"InstanceId": c[0], "InitialContactId": c[1]["ContactId"],
                                                        "Attributes": {"plan": "gold"}})(_contact(make)),
    "GetCurrentMetricData": lambda make: (lambda iid: {
        "InstanceId": iid, "Filters": {"Queues": [_queue(make, iid)], "Channels": ["CHAT"]}, "Groupings": ["QUEUE"],
        "CurrentMetrics": [{"Name": "CONTACTS_IN_QUEUE", "Unit": "COUNT"},
                           {"Name": "OLDEST_CONTACT_AGE", "Unit": "SECONDS"}]})(_inst(make)),
    "connectparticipant:CreateParticipantConnection": lambda make: {
        "ParticipantToken": _contact(make)[1]["ParticipantToken"], "Type": ["CONNECTION_CREDENTIALS"],
        "ConnectParticipant": True},
    "connectparticipant:SendMessage": lambda make: {"ConnectionToken": _connection(make), "ContentType": "text/plain",
                                                    "Content": "1"},
    "connectparticipant:SendEvent": lambda make: {
        "ConnectionToken": _connection(make), "ContentType": "application/vnd.amazonaws.connect.event.typing"},
    "connectparticipant:GetTranscript": lambda make: {"ConnectionToken": _connection(make), "MaxResults": 10},
    "connectparticipant:DisconnectParticipant": lambda make: {"ConnectionToken": _connection(make)},
}

ERRORS = [
    ("DescribeInstance", lambda make: {"InstanceId": "11111111-2222-3333-4444-555555555555"},
     "ResourceNotFoundException"),
    ("CreateInstance", lambda make: {"IdentityManagementType": "CONNECT_MANAGED", "InstanceAlias": "d-bad",
                                     "InboundCallsEnabled": True, "OutboundCallsEnabled": True},
     "InvalidRequestException"),
    ("CreateQueue", lambda make: {"InstanceId": _inst(make), "Name": "Q", "HoursOfOperationId": "missing"},
     "ResourceNotFoundException"),
    ("CreateQueue", lambda make: (lambda iid: {"InstanceId": iid, "Name": "BasicQueue",
                                               "HoursOfOperationId": _hours(make, iid)})(_inst(make)),
     "DuplicateResourceException"),
    ("CreateContactFlow", lambda make: {"InstanceId": _inst(make), "Name": "bad", "Type": "CONTACT_FLOW",
                                        "Content": "{not json"}, "InvalidContactFlowException"),
    ("CreateContactFlow", lambda make: {"InstanceId": _inst(make), "Name": "bad", "Type": "CUSTOMER_HOLD",
                                        "Content": FLOW}, "InvalidContactFlowException"),
    ("DescribeContactFlow", lambda make: (lambda iid: {"InstanceId": iid, "ContactFlowId": make(
        "connect").create_contact_flow(InstanceId=iid, Name="draft", Type="CONTACT_FLOW", Content="{}",
                                       Status="SAVED")["ContactFlowId"]})(_inst(make)),
     "ContactFlowNotPublishedException"),
    ("StartChatContact", lambda make: {"InstanceId": _inst(make), "ContactFlowId": "missing",
                                       "ParticipantDetails": {"DisplayName": "A"}}, "ResourceNotFoundException"),
    ("StartTaskContact", lambda make: {"InstanceId": _inst(make), "Name": "no flow"}, "InvalidRequestException"),
    ("StopContact", lambda make: {"InstanceId": _inst(make), "ContactId": "gone"}, "ContactNotFoundException"),
    ("AssociateBot", lambda make: {"InstanceId": _inst(make), "LexV2Bot": {"AliasArn": "arn:aws:lex:nope"}},
     "InvalidRequestException"),
    ("AssociateBot", lambda make: (lambda iid: {"InstanceId": iid, "LexV2Bot": make("connect").list_bots(
        InstanceId=iid, LexVersion="V2")["LexBots"][0]["LexV2Bot"]})(_with_bot(make, _inst(make))),
     "ResourceConflictException"),
    ("AssociateBot", lambda make: {"InstanceId": _inst(make), "LexV2Bot": {"AliasArn": ALIAS}},
     "ResourceNotFoundException"),
    ("ClaimPhoneNumber", lambda make: {"InstanceId": _inst(make), "PhoneNumber": "+123"}, "InvalidParameterException"),
    ("GetCurrentMetricData", lambda make: (lambda iid: {
        "InstanceId": iid, "Filters": {"Queues": [_queue(make, iid)]},
        "CurrentMetrics": [{"Name": "OLDEST_CONTACT_AGE", "Unit": "COUNT"}]})(_inst(make)), "InvalidParameterException"),
    ("DeleteQueue", lambda make: _iid_with(make, _queue, "QueueId"), "ResourceInUseException"),
    ("connectparticipant", "CreateParticipantConnection",
     lambda make: {"ParticipantToken": "forged-token", "Type": ["WEBSOCKET"]}, "AccessDeniedException"),
    ("connectparticipant", "SendMessage",
     lambda make: {"ConnectionToken": _connection(make), "ContentType": "image/gif", "Content": "x"},
     "ValidationException"),
    ("DisassociateAnalyticsDataSet", lambda make: {"InstanceId": _inst(make), "DataSetId": "nothing"},
     "ResourceNotFoundException"),
    ("connectparticipant", "SendMessage",
     lambda make: {"ConnectionToken": _connection(make), "ContentType": "text/markdown", "Content": "**hi**"},
     "ValidationException"),
    ("connectparticipant", "GetTranscript", lambda make: {"ConnectionToken": "unknown"}, "AccessDeniedException"),
]
