"""Kendra indexes: lifecycle through the job runner, field metadata, limits and errors."""
import pytest
from botocore.exceptions import ClientError

from tests.services.kendra.helpers import ROLE, make_index


def test_create_index_is_creating_then_active(aws):
    kendra = aws("kendra")
    index_id = kendra.create_index(Name="study", Edition="ENTERPRISE_EDITION", RoleArn=ROLE)["Id"]
    assert len(index_id) == 36
    summary = kendra.list_indices()["IndexConfigurationSummaryItems"]
    assert [s["Id"] for s in summary] == [index_id]
    desc = kendra.describe_index(Id=index_id)
    assert desc["Status"] == "ACTIVE" and desc["Edition"] == "ENTERPRISE_EDITION"
    assert desc["IndexStatistics"]["TextDocumentStatistics"]["IndexedTextDocumentsCount"] == 0
    names = {c["Name"] for c in desc["DocumentMetadataConfigurations"]}
    assert {"_source_uri", "_category", "_created_at", "_file_type"} <= names
    assert desc["UserContextPolicy"] == "ATTRIBUTE_FILTER"


def test_waiter_free_polling_sees_active_on_first_describe(aws):
    kendra = aws("kendra")
    index_id = kendra.create_index(Name="x", RoleArn=ROLE)["Id"]
    assert kendra.describe_index(Id=index_id)["Edition"] == "ENTERPRISE_EDITION"  # the default edition
    assert kendra.describe_index(Id=index_id)["Status"] == "ACTIVE"


def test_client_token_makes_create_idempotent(aws):
    kendra = aws("kendra")
    a = kendra.create_index(Name="x", RoleArn=ROLE, ClientToken="tok-1")["Id"]
    b = kendra.create_index(Name="x", RoleArn=ROLE, ClientToken="tok-1")["Id"]
    assert a == b and len(kendra.list_indices()["IndexConfigurationSummaryItems"]) == 1


def test_update_index_adds_custom_fields_and_keeps_types(aws):
    kendra = aws("kendra")
    index_id = make_index(kendra)
    fields = {c["Name"]: c for c in kendra.describe_index(Id=index_id)["DocumentMetadataConfigurations"]}
    assert fields["department"]["Search"]["Facetable"] is True
    assert fields["views"]["Type"] == "LONG_VALUE"
    with pytest.raises(ClientError) as err:
        kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=[
            {"Name": "department", "Type": "LONG_VALUE"}])
    assert err.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as err:
        kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=[
            {"Name": "tags", "Type": "STRING_LIST_VALUE", "Search": {"Sortable": True}}])
    assert err.value.response["Error"]["Code"] == "ValidationException"


def test_developer_edition_cannot_add_capacity(aws):
    kendra = aws("kendra")
    index_id = make_index(kendra, fields=False)
    with pytest.raises(ClientError) as err:
        kendra.update_index(Id=index_id, CapacityUnits={"StorageCapacityUnits": 1, "QueryCapacityUnits": 0})
    assert err.value.response["Error"]["Code"] == "ValidationException"
    ent = make_index(kendra, edition="ENTERPRISE_EDITION", fields=False)
    kendra.update_index(Id=ent, CapacityUnits={"StorageCapacityUnits": 2, "QueryCapacityUnits": 1})
    assert kendra.describe_index(Id=ent)["CapacityUnits"] == {"StorageCapacityUnits": 2, "QueryCapacityUnits": 1}


def test_delete_index_then_describe_is_not_found(aws):
    kendra = aws("kendra")
    index_id = make_index(kendra, fields=False)
    kendra.delete_index(Id=index_id)
    with pytest.raises(ClientError) as err:
        kendra.describe_index(Id=index_id)
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert kendra.list_indices()["IndexConfigurationSummaryItems"] == []


def test_eleventh_index_exceeds_the_quota(aws):
    kendra = aws("kendra")
    for n in range(10):
        kendra.create_index(Name=f"i{n}", RoleArn=ROLE)
    with pytest.raises(ClientError) as err:
        kendra.create_index(Name="one-too-many", RoleArn=ROLE)
    assert err.value.response["Error"]["Code"] == "ServiceQuotaExceededException"


def test_list_indices_pages(aws):
    kendra = aws("kendra")
    ids = [kendra.create_index(Name=f"i{n}", RoleArn=ROLE)["Id"] for n in range(3)]
    first = kendra.list_indices(MaxResults=2)
    second = kendra.list_indices(MaxResults=2, NextToken=first["NextToken"])
    got = [i["Id"] for i in first["IndexConfigurationSummaryItems"] + second["IndexConfigurationSummaryItems"]]
    assert got == ids and "NextToken" not in second


def test_bad_name_and_control_characters_are_validation_errors(aws):
    kendra = aws("kendra")
    for kwargs in ({"Name": "has space"}, {"Name": "ok", "Description": "bell\x07"}):
        with pytest.raises(ClientError) as err:
            kendra.create_index(RoleArn=ROLE, **kwargs)
        assert err.value.response["Error"]["Code"] == "ValidationException"


def test_tags_on_an_index(aws):
    kendra = aws("kendra")
    index_id = kendra.create_index(Name="t", RoleArn=ROLE, Tags=[{"Key": "course", "Value": "ml"}])["Id"]
    arn = f"arn:aws:kendra:us-east-1:123456789012:index/{index_id}"
    kendra.tag_resource(ResourceARN=arn, Tags=[{"Key": "team", "Value": "hr"}])
    kendra.untag_resource(ResourceARN=arn, TagKeys=["course"])
    assert kendra.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "team", "Value": "hr"}]
