"""Representative valid calls and error cases for every simulated Kendra operation."""
from tests.services.kendra.helpers import BUCKET, ROLE, attr, make_index, s3_source, text_doc, upload_samples

ARN = "arn:aws:kendra:us-east-1:123456789012:index/"
MISSING = "00000000-0000-0000-0000-000000000000"


def _index(make):
    return make_index(make("kendra"))


def _with_docs(make):
    k = make("kendra")
    index_id = _index(make)
    k.batch_put_document(IndexId=index_id, Documents=[
        text_doc("pw", "To reset your password open the self-service portal and choose Forgot password.",
                 "Password reset", Attributes=[attr("department", "IT")]),
        text_doc("leave", "Employees get 25 days of annual leave each year.", "Annual leave",
                 Attributes=[attr("department", "HR")])])
    return index_id


def _source(make):
    upload_samples(make("s3"))
    index_id = _index(make)
    return {"Id": s3_source(make("kendra"), index_id), "IndexId": index_id}


def _synced(make):
    ids = _source(make)
    make("kendra").start_data_source_sync_job(**ids)
    return ids


def _faq(make):
    upload_samples(make("s3"))
    index_id = _index(make)
    faq_id = make("kendra").create_faq(IndexId=index_id, Name="hr", RoleArn=ROLE,
                                       S3Path={"Bucket": BUCKET, "Key": "config/faq.csv"})["Id"]
    return {"Id": faq_id, "IndexId": index_id}


def _thesaurus(make):
    upload_samples(make("s3"))
    index_id = _index(make)
    tid = make("kendra").create_thesaurus(IndexId=index_id, Name="synonyms", RoleArn=ROLE,
                                          SourceS3Path={"Bucket": BUCKET, "Key": "config/synonyms.txt"})["Id"]
    return {"Id": tid, "IndexId": index_id}


def _feedback(make):
    index_id = _with_docs(make)
    r = make("kendra").query(IndexId=index_id, QueryText="reset password")
    return {"IndexId": index_id, "QueryId": r["QueryId"],
            "RelevanceFeedbackItems": [{"ResultId": r["ResultItems"][-1]["Id"], "RelevanceValue": "RELEVANT"}]}


def _suggest(make):
    index_id = _with_docs(make)
    make("kendra").query(IndexId=index_id, QueryText="reset password portal")
    return {"IndexId": index_id, "QueryText": "reset"}


def _featured(make):
    index_id = _with_docs(make)
    set_id = make("kendra").create_featured_results_set(
        IndexId=index_id, FeaturedResultsSetName="onboarding", QueryTexts=["new starter"],
        FeaturedDocuments=[{"Id": "pw"}, {"Id": "gone"}])["FeaturedResultsSet"]["FeaturedResultsSetId"]
    return {"IndexId": index_id, "FeaturedResultsSetId": set_id}


ALLOW_HR = [{"Name": "hr", "Type": "GROUP", "Access": "ALLOW"}]


def _acl_config(make):
    index_id = _index(make)
    cid = make("kendra").create_access_control_configuration(IndexId=index_id, Name="hr-only",
                                                              AccessControlList=ALLOW_HR)["Id"]
    return {"IndexId": index_id, "Id": cid}


def _mapping(make):
    index_id = _index(make)
    make("kendra").put_principal_mapping(IndexId=index_id, GroupId="hr",
                                         GroupMembers={"MemberUsers": [{"UserId": "ana"}]}, OrderingId=10)
    return {"IndexId": index_id, "GroupId": "hr"}


def _block_list(make):
    s3 = make("s3")
    upload_samples(s3)
    s3.put_object(Bucket=BUCKET, Key="config/blocked.txt", Body=b"salary\nbonus pool\n")
    index_id = _index(make)
    list_id = make("kendra").create_query_suggestions_block_list(
        IndexId=index_id, Name="hr-words", RoleArn=ROLE,
        SourceS3Path={"Bucket": BUCKET, "Key": "config/blocked.txt"})["Id"]
    return {"IndexId": index_id, "Id": list_id}


EXAMPLES = {
    "CreateIndex": lambda make: {"Name": "study", "Edition": "DEVELOPER_EDITION", "RoleArn": ROLE,
                                 "Tags": [{"Key": "course", "Value": "ml"}]},
    "DescribeIndex": lambda make: {"Id": _index(make)},
    "ListIndices": lambda make: {"MaxResults": 5} if _index(make) else {},
    "UpdateIndex": lambda make: {"Id": _index(make), "Description": "help centre",
                                 "DocumentMetadataConfigurationUpdates": [
                                     {"Name": "priority", "Type": "LONG_VALUE",
                                      "Relevance": {"Importance": 5, "RankOrder": "ASCENDING"},
                                      "Search": {"Sortable": True}}]},
    "DeleteIndex": lambda make: {"Id": _index(make)},
    "BatchPutDocument": lambda make: {"IndexId": _index(make), "Documents": [
        text_doc("a", "Plain text about the VPN client.", "VPN"),
        {"Id": "b", "Blob": b"<html><title>Leave</title><p>25 days</p></html>", "ContentType": "HTML"},
        {"Id": "c", "Blob": b"x", "Attributes": [attr("undefined", "x")]}]},
    "BatchDeleteDocument": lambda make: {"IndexId": _with_docs(make), "DocumentIdList": ["pw", "nope"]},
    "BatchGetDocumentStatus": lambda make: {"IndexId": _with_docs(make),
                                            "DocumentInfoList": [{"DocumentId": "pw"}, {"DocumentId": "zz"}]},
    "CreateDataSource": lambda make: {"Name": "s3", "IndexId": _index(make), "Type": "S3", "RoleArn": ROLE,
                                      "Configuration": {"S3Configuration": {"BucketName": BUCKET}}},
    "DescribeDataSource": _source,
    "ListDataSources": lambda make: {"IndexId": _source(make)["IndexId"]},
    "UpdateDataSource": lambda make: {**_source(make), "Description": "docs only"},
    "DeleteDataSource": _synced,
    "StartDataSourceSyncJob": _source,
    "StopDataSourceSyncJob": _synced,
    "ListDataSourceSyncJobs": _synced,
    "CreateFaq": lambda make: {"IndexId": _index(make), "Name": "faq", "RoleArn": ROLE, "FileFormat": "JSON",
                               "S3Path": {"Bucket": BUCKET, "Key": "config/faq.json"}} if upload_samples(make("s3")) is None else {},
    "DescribeFaq": _faq,
    "ListFaqs": lambda make: {"IndexId": _faq(make)["IndexId"]},
    "DeleteFaq": _faq,
    "CreateThesaurus": lambda make: {"IndexId": _index(make), "Name": "t", "RoleArn": ROLE,
                                     "SourceS3Path": {"Bucket": BUCKET, "Key": "config/synonyms.txt"}}
    if upload_samples(make("s3")) is None else {},
    "DescribeThesaurus": _thesaurus,
    "ListThesauri": lambda make: {"IndexId": _thesaurus(make)["IndexId"]},
    "UpdateThesaurus": lambda make: {**_thesaurus(make), "Description": "v2"},
    "DeleteThesaurus": _thesaurus,
    "Query": lambda make: {"IndexId": _with_docs(make), "QueryText": "How do I reset my password?",
                           "Facets": [{"DocumentAttributeKey": "department"}]},
    "Retrieve": lambda make: {"IndexId": _with_docs(make), "QueryText": "annual leave days"},
    "SubmitFeedback": _feedback,
    "GetQuerySuggestions": _suggest,
    "DescribeQuerySuggestionsConfig": lambda make: {"IndexId": _index(make)},
    "UpdateQuerySuggestionsConfig": lambda make: {"IndexId": _index(make), "MinimumQueryCount": 2},
    "ClearQuerySuggestions": lambda make: {"IndexId": _index(make)},
    "CreateFeaturedResultsSet": lambda make: {"IndexId": _with_docs(make), "FeaturedResultsSetName": "pinned",
                                              "QueryTexts": ["password"], "FeaturedDocuments": [{"Id": "pw"}]},
    "UpdateFeaturedResultsSet": lambda make: {**_featured(make), "Status": "INACTIVE"},
    "DescribeFeaturedResultsSet": _featured,
    "ListFeaturedResultsSets": lambda make: {"IndexId": _featured(make)["IndexId"]},
    "BatchDeleteFeaturedResultsSet": lambda make: {"IndexId": (f := _featured(make))["IndexId"],
                                                   "FeaturedResultsSetIds": [f["FeaturedResultsSetId"], MISSING]},
    "CreateAccessControlConfiguration": lambda make: {"IndexId": _index(make), "Name": "hr-only",
                                                      "AccessControlList": ALLOW_HR},
    "DescribeAccessControlConfiguration": _acl_config,
    "ListAccessControlConfigurations": lambda make: {"IndexId": _acl_config(make)["IndexId"]},
    "UpdateAccessControlConfiguration": lambda make: {**_acl_config(make), "AccessControlList": []},
    "DeleteAccessControlConfiguration": _acl_config,
    "PutPrincipalMapping": lambda make: {"IndexId": _index(make), "GroupId": "eng",
                                         "GroupMembers": {"MemberUsers": [{"UserId": "bo"}],
                                                          "MemberGroups": [{"GroupId": "platform"}]}},
    "DescribePrincipalMapping": _mapping,
    "DeletePrincipalMapping": _mapping,
    "ListGroupsOlderThanOrderingId": lambda make: {"IndexId": _mapping(make)["IndexId"], "OrderingId": 11},
    "CreateQuerySuggestionsBlockList": lambda make: {"IndexId": _index(make), "Name": "words", "RoleArn": ROLE,
                                                     "SourceS3Path": {"Bucket": BUCKET, "Key": "config/synonyms.txt"}}
    if upload_samples(make("s3")) is None else {},
    "DescribeQuerySuggestionsBlockList": _block_list,
    "ListQuerySuggestionsBlockLists": lambda make: {"IndexId": _block_list(make)["IndexId"]},
    "UpdateQuerySuggestionsBlockList": lambda make: {**_block_list(make), "Description": "v2"},
    "DeleteQuerySuggestionsBlockList": _block_list,
    "TagResource": lambda make: {"ResourceARN": ARN + _index(make), "Tags": [{"Key": "team", "Value": "hr"}]},
    "UntagResource": lambda make: {"ResourceARN": ARN + _index(make), "TagKeys": ["team"]},
    "ListTagsForResource": lambda make: {"ResourceARN": ARN + _index(make)},
}

ERRORS = [
    ("CreateIndex", lambda make: {"Name": "bad name", "RoleArn": ROLE}, "ValidationException"),
    ("CreateIndex", lambda make: {"Name": "x", "RoleArn": ROLE, "Edition": "FREE_EDITION"}, "ValidationException"),
    ("CreateIndex", lambda make: [make("kendra").create_index(Name=f"i{n}", RoleArn=ROLE) for n in range(10)]
     and {"Name": "eleventh", "RoleArn": ROLE}, "ServiceQuotaExceededException"),
    ("CreateIndex", lambda make: {"Name": "g", "RoleArn": ROLE, "Edition": "GEN_AI_ENTERPRISE_EDITION",
                                  "UserContextPolicy": "USER_TOKEN"}, "ValidationException"),
    ("DescribeIndex", lambda make: {"Id": MISSING}, "ResourceNotFoundException"),
    ("DeleteIndex", lambda make: {"Id": MISSING}, "ResourceNotFoundException"),
    ("UpdateIndex", lambda make: {"Id": _index(make), "CapacityUnits": {"StorageCapacityUnits": 1,
                                                                        "QueryCapacityUnits": 1}},
     "ValidationException"),
    ("BatchPutDocument", lambda make: {"IndexId": _index(make),
                                       "Documents": [text_doc(str(n), "x") for n in range(11)]}, "ValidationException"),
    ("BatchPutDocument", lambda make: {"IndexId": MISSING, "Documents": [text_doc("a", "x")]},
     "ResourceNotFoundException"),
    ("BatchGetDocumentStatus", lambda make: {"IndexId": MISSING, "DocumentInfoList": [{"DocumentId": "a"}]},
     "ResourceNotFoundException"),
    ("Query", lambda make: {"IndexId": MISSING, "QueryText": "x"}, "ResourceNotFoundException"),
    ("Query", lambda make: {"IndexId": _with_docs(make), "QueryText": "x", "PageSize": 101}, "ValidationException"),
    ("Query", lambda make: {"IndexId": _with_docs(make), "QueryText": "x",
                            "Facets": [{"DocumentAttributeKey": "views"}]}, "ValidationException"),
    ("Query", lambda make: {"IndexId": _with_docs(make), "QueryText": "x",
                            "SortingConfiguration": {"DocumentAttributeKey": "doc_type", "SortOrder": "ASC"}},
     "ValidationException"),
    ("Query", lambda make: {"IndexId": _with_docs(make), "QueryText": "x", "AttributeFilter": {
        "EqualsTo": attr("department", "HR"), "ContainsAny": attr("tags", ["a"])}}, "ValidationException"),
    ("Query", lambda make: {"IndexId": _with_docs(make), "QueryText": "x",
                            "UserContext": {"Token": "{}", "UserId": "ann"}}, "ValidationException"),
    ("Retrieve", lambda make: {"IndexId": _with_docs(make), "QueryText": "   "}, "ValidationException"),
    ("CreateDataSource", lambda make: {"Name": "s3", "IndexId": _index(make), "Type": "S3",
                                       "Configuration": {"S3Configuration": {"BucketName": BUCKET}}},
     "ValidationException"),
    ("CreateDataSource", lambda make: [s3_source(make("kendra"), ix) for ix in [_index(make)] for _ in range(5)]
     and {"Name": "six", "IndexId": ix_of(make), "Type": "CUSTOM"}, "ServiceQuotaExceededException"),
    ("DescribeDataSource", lambda make: {"Id": "nope", "IndexId": _index(make)}, "ResourceNotFoundException"),
    ("StartDataSourceSyncJob", lambda make: {**_synced(make)}, "ResourceInUseException"),
    ("StopDataSourceSyncJob", lambda make: _source(make), "ValidationException"),
    ("DescribeFaq", lambda make: {"Id": "nope", "IndexId": _index(make)}, "ResourceNotFoundException"),
    ("CreateFaq", lambda make: {"IndexId": _index(make), "Name": "f", "RoleArn": ROLE, "FileFormat": "XML",
                                "S3Path": {"Bucket": BUCKET, "Key": "k"}}, "ValidationException"),
    ("CreateThesaurus", lambda make: {**{"IndexId": _thesaurus(make)["IndexId"]}, "Name": "second",
                                      "RoleArn": ROLE, "SourceS3Path": {"Bucket": BUCKET, "Key": "config/synonyms.txt"}},
     "ServiceQuotaExceededException"),
    ("DescribeThesaurus", lambda make: {"Id": "nope", "IndexId": _index(make)}, "ResourceNotFoundException"),
    ("SubmitFeedback", lambda make: {"IndexId": _with_docs(make), "QueryId": "unknown-query"},
     "ResourceNotFoundException"),
    ("GetQuerySuggestions", lambda make: {"IndexId": MISSING, "QueryText": "re"}, "ResourceNotFoundException"),
    ("CreateFeaturedResultsSet", lambda make: {"IndexId": _featured(make)["IndexId"],
                                               "FeaturedResultsSetName": "clash", "QueryTexts": ["New  Starter"]},
     "FeaturedResultsConflictException"),
    ("DescribeFeaturedResultsSet", lambda make: {"IndexId": _index(make), "FeaturedResultsSetId": MISSING},
     "ResourceNotFoundException"),
    ("DescribeAccessControlConfiguration", lambda make: {"IndexId": _index(make), "Id": "missing"},
     "ResourceNotFoundException"),
    ("BatchPutDocument", lambda make: {"IndexId": MISSING, "Documents": [text_doc("a", "x")]},
     "ResourceNotFoundException"),
    ("PutPrincipalMapping", lambda make: {**_mapping(make), "GroupMembers": {"MemberUsers": [{"UserId": "x"}]},
                                          "OrderingId": 5}, "ConflictException"),
    ("DescribePrincipalMapping", lambda make: {"IndexId": _index(make), "GroupId": "nobody"},
     "ResourceNotFoundException"),
    ("DescribeQuerySuggestionsBlockList", lambda make: {"IndexId": _index(make), "Id": MISSING},
     "ResourceNotFoundException"),
    ("TagResource", lambda make: {"ResourceARN": ARN + MISSING, "Tags": [{"Key": "a", "Value": "b"}]},
     "ResourceUnavailableException"),
    ("ListTagsForResource", lambda make: {"ResourceARN": "arn:aws:s3:::bucket"}, "ValidationException"),
]


def ix_of(make):
    """The first index of the account (used after a set-up that created it)."""
    return make("kendra").list_indices()["IndexConfigurationSummaryItems"][0]["Id"]
