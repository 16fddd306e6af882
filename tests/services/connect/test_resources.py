"""Connect control plane: instances and their defaults, hours, queues, routing, users, numbers, bots, tags."""
import pytest
from botocore.exceptions import ClientError

from .helpers import ACCOUNT, hours_id, instance, queue


def code(info):
    return info.value.response["Error"]["Code"]


def test_new_instance_is_active_with_default_resources(aws):
    connect, iid = instance(aws)
    described = connect.describe_instance(InstanceId=iid)["Instance"]
    assert described["InstanceStatus"] == "ACTIVE"
    assert described["InstanceAlias"] == "test-centre"
    assert [q["Name"] for q in connect.list_queues(InstanceId=iid)["QueueSummaryList"]] == ["BasicQueue"]
    profiles = {p["Name"] for p in connect.list_security_profiles(InstanceId=iid)["SecurityProfileSummaryList"]}
    assert profiles == {"Admin", "Agent", "CallCenterManager", "QualityAnalyst"}
    types = {f["ContactFlowType"] for f in connect.list_contact_flows(InstanceId=iid)["ContactFlowSummaryList"]}
    assert {"CUSTOMER_QUEUE", "AGENT_WHISPER", "QUEUE_TRANSFER"} <= types
    assert connect.list_instances()["InstanceSummaryList"][0]["Id"] == iid


def test_instance_by_arn_and_unknown_instance(aws):
    connect, iid = instance(aws)
    arn = connect.describe_instance(InstanceId=iid)["Instance"]["Arn"]
    assert connect.list_queues(InstanceId=arn)["QueueSummaryList"]
    with pytest.raises(ClientError) as info:
        connect.list_queues(InstanceId="00000000-0000-0000-0000-000000000000")
    assert code(info) == "ResourceNotFoundException"


def test_instance_alias_rules(aws):
    connect = aws("connect")
    with pytest.raises(ClientError) as info:
        connect.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias="-bad-",
                                InboundCallsEnabled=True, OutboundCallsEnabled=True)
    assert code(info) == "InvalidRequestException"      # CreateInstance models no InvalidParameterException
    with pytest.raises(ClientError) as info:
        connect.create_instance(IdentityManagementType="CONNECT_MANAGED", InboundCallsEnabled=True,
                                OutboundCallsEnabled=True)
    assert code(info) == "InvalidRequestException"


def test_hours_queue_routing_profile_user(aws):
    connect, iid = instance(aws)
    hours = connect.create_hours_of_operation(
        InstanceId=iid, Name="Office", TimeZone="Europe/London",
        Config=[{"Day": d, "StartTime": {"Hours": 9, "Minutes": 0}, "EndTime": {"Hours": 17, "Minutes": 30}}
                for d in ("MONDAY", "TUESDAY")])["HoursOfOperationId"]
    assert connect.describe_hours_of_operation(InstanceId=iid, HoursOfOperationId=hours)[
        "HoursOfOperation"]["TimeZone"] == "Europe/London"
    qid = connect.create_queue(InstanceId=iid, Name="Claims", HoursOfOperationId=hours, MaxContacts=5)["QueueId"]
    assert connect.describe_queue(InstanceId=iid, QueueId=qid)["Queue"]["MaxContacts"] == 5
    with pytest.raises(ClientError) as info:
        connect.create_queue(InstanceId=iid, Name="Claims", HoursOfOperationId=hours)
    assert code(info) == "DuplicateResourceException"
    profile = connect.create_routing_profile(
        InstanceId=iid, Name="Claims agents", Description="Claims only", DefaultOutboundQueueId=qid,
        QueueConfigs=[{"QueueReference": {"QueueId": qid, "Channel": "CHAT"}, "Priority": 1, "Delay": 0}],
        MediaConcurrencies=[{"Channel": "CHAT", "Concurrency": 3}])["RoutingProfileId"]
    queues = connect.list_routing_profile_queues(InstanceId=iid, RoutingProfileId=profile)
    assert [q["QueueName"] for q in queues["RoutingProfileQueueConfigSummaryList"]] == ["Claims"]
    agent = next(p["Id"] for p in connect.list_security_profiles(InstanceId=iid)["SecurityProfileSummaryList"]
                 if p["Name"] == "Agent")
    user = connect.create_user(InstanceId=iid, Username="jdoe", Password="Passw0rd!x", SecurityProfileIds=[agent],
                               RoutingProfileId=profile, PhoneConfig={"PhoneType": "SOFT_PHONE"},
                               IdentityInfo={"FirstName": "Jo", "LastName": "Doe"})["UserId"]
    assert connect.describe_user(InstanceId=iid, UserId=user)["User"]["RoutingProfileId"] == profile
    assert connect.describe_routing_profile(InstanceId=iid, RoutingProfileId=profile)[
        "RoutingProfile"]["NumberOfAssociatedUsers"] == 1
    with pytest.raises(ClientError) as info:
        connect.delete_routing_profile(InstanceId=iid, RoutingProfileId=profile)
    assert code(info) == "ResourceInUseException"
    with pytest.raises(ClientError) as info:
        connect.delete_hours_of_operation(InstanceId=iid, HoursOfOperationId=hours)
    assert code(info) == "ResourceInUseException"


def test_bad_time_zone_and_weak_password(aws):
    connect, iid = instance(aws)
    with pytest.raises(ClientError) as info:
        connect.create_hours_of_operation(InstanceId=iid, Name="X", TimeZone="Mars/Olympus", Config=[])
    assert code(info) == "InvalidParameterException"
    profile = connect.list_routing_profiles(InstanceId=iid)["RoutingProfileSummaryList"][0]["Id"]
    agent = connect.list_security_profiles(InstanceId=iid)["SecurityProfileSummaryList"][0]["Id"]
    with pytest.raises(ClientError) as info:
        connect.create_user(InstanceId=iid, Username="weak", Password="password", SecurityProfileIds=[agent],
                            RoutingProfileId=profile, PhoneConfig={"PhoneType": "SOFT_PHONE"})
    assert code(info) == "InvalidParameterException"


def test_quick_connects_and_prompts(aws):
    connect, iid = instance(aws)
    qid, _ = queue(connect, iid, "Claims")
    transfer_flow = next(f["Id"] for f in connect.list_contact_flows(
        InstanceId=iid, ContactFlowTypes=["QUEUE_TRANSFER"])["ContactFlowSummaryList"])
    qc = connect.create_quick_connect(InstanceId=iid, Name="To claims", QuickConnectConfig={
        "QuickConnectType": "QUEUE", "QueueConfig": {"QueueId": qid, "ContactFlowId": transfer_flow}})
    phone = connect.create_quick_connect(InstanceId=iid, Name="Broker", QuickConnectConfig={
        "QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": "+12065550123"}})
    kinds = {q["QuickConnectType"] for q in connect.list_quick_connects(InstanceId=iid)["QuickConnectSummaryList"]}
    assert kinds == {"QUEUE", "PHONE_NUMBER"}
    connect.associate_queue_quick_connects(InstanceId=iid, QueueId=qid, QuickConnectIds=[phone["QuickConnectId"]])
    listed = connect.list_queue_quick_connects(InstanceId=iid, QueueId=qid)["QuickConnectSummaryList"]
    assert [q["Name"] for q in listed] == ["Broker"]
    with pytest.raises(ClientError) as info:
        connect.create_quick_connect(InstanceId=iid, Name="Bad", QuickConnectConfig={
            "QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": "+1555"}})
    assert code(info) == "InvalidParameterException"
    assert qc["QuickConnectId"]
    s3 = aws("s3")
    s3.create_bucket(Bucket="prompts-bucket")
    s3.put_object(Bucket="prompts-bucket", Key="welcome.wav", Body=b"RIFF....WAVE")
    prompt = connect.create_prompt(InstanceId=iid, Name="Welcome", S3Uri="s3://prompts-bucket/welcome.wav")
    assert connect.describe_prompt(InstanceId=iid, PromptId=prompt["PromptId"])["Prompt"]["Name"] == "Welcome"
    with pytest.raises(ClientError) as info:
        connect.create_prompt(InstanceId=iid, Name="Missing", S3Uri="s3://prompts-bucket/nothing.wav")
    assert code(info) == "InvalidParameterException"


def test_phone_numbers_are_simulated_and_claimable_once(aws):
    connect, iid = instance(aws)
    found = connect.search_available_phone_numbers(InstanceId=iid, PhoneNumberCountryCode="US",
                                                   PhoneNumberType="DID", MaxResults=3)["AvailableNumbersList"]
    assert len(found) == 3 and all("55501" in n["PhoneNumber"] for n in found)
    number = found[0]["PhoneNumber"]
    claimed = connect.claim_phone_number(InstanceId=iid, PhoneNumber=number)
    summary = connect.describe_phone_number(PhoneNumberId=claimed["PhoneNumberId"])["ClaimedPhoneNumberSummary"]
    assert summary["PhoneNumberType"] == "DID" and summary["PhoneNumberCountryCode"] == "US"
    assert summary["PhoneNumberStatus"]["Status"] == "CLAIMED"
    with pytest.raises(ClientError) as info:
        connect.claim_phone_number(InstanceId=iid, PhoneNumber=number)
    assert code(info) == "InvalidParameterException"
    again = connect.search_available_phone_numbers(InstanceId=iid, PhoneNumberCountryCode="US",
                                                   PhoneNumberType="DID")["AvailableNumbersList"]
    assert number not in {n["PhoneNumber"] for n in again}
    gb = connect.search_available_phone_numbers(InstanceId=iid, PhoneNumberCountryCode="GB",
                                                PhoneNumberType="TOLL_FREE", MaxResults=2)["AvailableNumbersList"]
    assert gb and all(n["PhoneNumber"].startswith("+44") for n in gb)
    listed = connect.list_phone_numbers_v2(InstanceId=iid)["ListPhoneNumbersSummaryList"]
    assert [n["PhoneNumber"] for n in listed] == [number]
    connect.release_phone_number(PhoneNumberId=claimed["PhoneNumberId"])
    with pytest.raises(ClientError) as info:
        connect.describe_phone_number(PhoneNumberId=claimed["PhoneNumberId"])
    assert code(info) == "ResourceNotFoundException"


def test_associate_bot_checks_the_alias(aws):
    connect, iid = instance(aws)
    with pytest.raises(ClientError) as info:
        connect.associate_bot(InstanceId=iid, LexV2Bot={"AliasArn": "not-an-arn"})
    assert code(info) == "InvalidRequestException"
    with pytest.raises(ClientError) as info:
        connect.associate_bot(InstanceId=iid, LexBot={"Name": "OldBot", "LexRegion": "us-east-1"})
    assert code(info) == "InvalidRequestException"
    missing = f"arn:aws:lex:us-east-1:{ACCOUNT}:bot-alias/ABCDEFGHIJ/TSTALIASID"
    with pytest.raises(ClientError) as info:
        connect.associate_bot(InstanceId=iid, LexV2Bot={"AliasArn": missing})
    assert code(info) == "ResourceNotFoundException"
    assert connect.list_bots(InstanceId=iid, LexVersion="V2")["LexBots"] == []


def test_tags_on_queue_arn(aws):
    connect, iid = instance(aws)
    _, arn = queue(connect, iid, "Tagged")
    connect.tag_resource(resourceArn=arn, tags={"team": "claims"})
    assert connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "claims"}
    connect.untag_resource(resourceArn=arn, tagKeys=["team"])
    assert connect.list_tags_for_resource(resourceArn=arn)["tags"] == {}
    with pytest.raises(ClientError) as info:
        connect.tag_resource(resourceArn=arn + "x", tags={"a": "b"})
    assert code(info) == "ResourceNotFoundException"


def test_validation_errors_are_aws_worded(aws):
    connect, iid = instance(aws)
    with pytest.raises(ClientError) as info:
        connect.create_queue(InstanceId=iid, Name="x" * 128, HoursOfOperationId=hours_id(connect, iid))
    assert code(info) == "InvalidParameterException"
    assert "validation error detected" in info.value.response["Error"]["Message"]
