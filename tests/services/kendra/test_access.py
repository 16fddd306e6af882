"""Kendra access control configurations, principal mapping and suggestion block lists."""
import pytest
from botocore.exceptions import ClientError

from tests.services.kendra.helpers import BUCKET, ROLE, make_index, text_doc


def ids(kendra, index_id, q, **kw):
    return [i["DocumentId"] for i in kendra.query(IndexId=index_id, QueryText=q, QueryResultTypeFilter="DOCUMENT",
                                                   **kw)["ResultItems"]]


def test_access_control_configuration_changes_access_without_reindexing(aws):
    kendra = aws("kendra")
    index_id = make_index(kendra, fields=False)
    cid = kendra.create_access_control_configuration(
        IndexId=index_id, Name="board", AccessControlList=[{"Name": "board", "Type": "GROUP", "Access": "ALLOW"}])["Id"]
    failed = kendra.batch_put_document(IndexId=index_id, Documents=[
        text_doc("minutes", "Board meeting minutes: the merger vote passed.", AccessControlConfigurationId=cid),
        text_doc("bad", "x", AccessControlConfigurationId="nope")])["FailedDocuments"]
    assert [f["Id"] for f in failed] == ["bad"]
    assert ids(kendra, index_id, "merger vote", UserContext={"Groups": ["staff"]}) == []
    assert ids(kendra, index_id, "merger vote", UserContext={"Groups": ["board"]}) == ["minutes"]
    kendra.update_access_control_configuration(IndexId=index_id, Id=cid, AccessControlList=[
        {"Name": "staff", "Type": "GROUP", "Access": "ALLOW"}])
    assert ids(kendra, index_id, "merger vote", UserContext={"Groups": ["staff"]}) == ["minutes"]
    with pytest.raises(ClientError) as err:
        kendra.delete_access_control_configuration(IndexId=index_id, Id=cid)
    assert err.value.response["Error"]["Code"] == "ConflictException"
    assert kendra.list_access_control_configurations(IndexId=index_id)["AccessControlConfigurations"] == [{"Id": cid}]


def test_principal_mapping_resolves_a_users_groups(aws):
    kendra = aws("kendra")
    index_id = make_index(kendra, fields=False)
    kendra.batch_put_document(IndexId=index_id, Documents=[
        text_doc("roadmap", "Platform roadmap for next year.",
                 AccessControlList=[{"Name": "engineering", "Type": "GROUP", "Access": "ALLOW"}])])
    assert ids(kendra, index_id, "platform roadmap", UserContext={"UserId": "ana"}) == []
    # ana is in platform; platform is inside engineering
    kendra.put_principal_mapping(IndexId=index_id, GroupId="platform", GroupMembers={"MemberUsers": [{"UserId": "ana"}]})
    kendra.put_principal_mapping(IndexId=index_id, GroupId="engineering",
                                 GroupMembers={"MemberGroups": [{"GroupId": "platform"}]}, OrderingId=100)
    desc = kendra.describe_principal_mapping(IndexId=index_id, GroupId="engineering")
    assert desc["GroupOrderingIdSummaries"][-1]["Status"] == "SUCCEEDED"
    assert ids(kendra, index_id, "platform roadmap", UserContext={"UserId": "ana"}) == ["roadmap"]
    older = kendra.list_groups_older_than_ordering_id(IndexId=index_id, OrderingId=101)["GroupsSummaries"]
    assert [g["GroupId"] for g in older] == ["engineering"]
    with pytest.raises(ClientError) as err:  # an out-of-date update loses against the newer one
        kendra.put_principal_mapping(IndexId=index_id, GroupId="engineering",
                                     GroupMembers={"MemberUsers": [{"UserId": "x"}]}, OrderingId=50)
    assert err.value.response["Error"]["Code"] == "ConflictException"
    kendra.delete_principal_mapping(IndexId=index_id, GroupId="engineering")
    assert ids(kendra, index_id, "platform roadmap", UserContext={"UserId": "ana"}) == []


def test_group_members_from_s3_and_a_missing_file(aws):
    import json
    kendra, s3 = aws("kendra"), aws("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="groups/hr.json", Body=json.dumps({"MemberUsers": [{"UserId": "cy"}]}).encode())
    index_id = make_index(kendra, fields=False)
    kendra.put_principal_mapping(IndexId=index_id, GroupId="hr", RoleArn=ROLE,
                                 GroupMembers={"S3PathforGroupMembers": {"Bucket": BUCKET, "Key": "groups/hr.json"}})
    kendra.put_principal_mapping(IndexId=index_id, GroupId="it", RoleArn=ROLE,
                                 GroupMembers={"S3PathforGroupMembers": {"Bucket": BUCKET, "Key": "groups/none.json"}})
    assert kendra.describe_principal_mapping(IndexId=index_id, GroupId="hr")["GroupOrderingIdSummaries"][-1]["Status"] == "SUCCEEDED"
    it = kendra.describe_principal_mapping(IndexId=index_id, GroupId="it")["GroupOrderingIdSummaries"][-1]
    assert it["Status"] == "FAILED" and "could not be read" in it["FailureReason"]


def test_block_list_hides_suggestions(aws):
    kendra, s3 = aws("kendra"), aws("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="blocked.txt", Body=b"salary\n")
    index_id = make_index(kendra, fields=False)
    kendra.batch_put_document(IndexId=index_id, Documents=[
        text_doc("pay", "Salary bands and pay reviews happen in March.")])
    for q in ["pay review dates", "pay salary bands"]:
        kendra.query(IndexId=index_id, QueryText=q)
    suggest = lambda: [s["Value"]["Text"]["Text"] for s in
                       kendra.get_query_suggestions(IndexId=index_id, QueryText="pay")["Suggestions"]]
    assert sorted(suggest()) == ["pay review dates", "pay salary bands"]
    list_id = kendra.create_query_suggestions_block_list(
        IndexId=index_id, Name="hr", RoleArn=ROLE, SourceS3Path={"Bucket": BUCKET, "Key": "blocked.txt"})["Id"]
    assert kendra.describe_query_suggestions_block_list(IndexId=index_id, Id=list_id)["ItemCount"] == 1
    assert suggest() == ["pay review dates"]
    kendra.delete_query_suggestions_block_list(IndexId=index_id, Id=list_id)
    assert len(suggest()) == 2
