"""Shared set-up for the Kendra tests: an index, the sample corpus in S3, a role."""
from __future__ import annotations

from awsml_study import data

ROLE = "arn:aws:iam::123456789012:role/KendraStudyRole"
BUCKET = "lumen-helpcenter"


def make_index(kendra, edition="DEVELOPER_EDITION", fields=True, **extra) -> str:
    index_id = kendra.create_index(Name="helpcenter", Edition=edition, RoleArn=ROLE, **extra)["Id"]
    if fields:
        kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=[
            {"Name": "department", "Type": "STRING_VALUE",
             "Search": {"Facetable": True, "Searchable": True, "Displayable": True, "Sortable": True}},
            {"Name": "doc_type", "Type": "STRING_VALUE", "Search": {"Facetable": True, "Displayable": True}},
            {"Name": "views", "Type": "LONG_VALUE", "Search": {"Sortable": True, "Displayable": True}},
            {"Name": "tags", "Type": "STRING_LIST_VALUE", "Search": {"Facetable": True, "Displayable": True}},
        ])
    return index_id


def upload_samples(s3, bucket: str = BUCKET) -> None:
    s3.create_bucket(Bucket=bucket)
    for f in sorted(data.path("kendra/docs").iterdir()):
        s3.upload_file(str(f), bucket, f"docs/{f.name}")
    for f in sorted(data.path("kendra/metadata/docs").iterdir()):
        s3.upload_file(str(f), bucket, f"metadata/docs/{f.name}")
    for name in ("acl.json", "faq.csv", "faq.json", "faq_with_header.csv", "synonyms.txt"):
        s3.upload_file(str(data.path(f"kendra/{name}")), bucket, f"config/{name}")


def s3_source(kendra, index_id: str, **conf) -> str:
    s3conf = {"BucketName": BUCKET, "InclusionPrefixes": ["docs/"],
              "DocumentsMetadataConfiguration": {"S3Prefix": "metadata"},
              "AccessControlListConfiguration": {"KeyPath": "config/acl.json"}}
    s3conf.update(conf)
    return kendra.create_data_source(Name="helpcenter-s3", IndexId=index_id, Type="S3", RoleArn=ROLE,
                                     Configuration={"S3Configuration": s3conf})["Id"]


def synced_index(kendra, s3) -> tuple[str, str]:
    """An index holding the whole sample corpus through one S3 sync: (index id, data source id)."""
    upload_samples(s3)
    index_id = make_index(kendra)
    ds_id = s3_source(kendra, index_id)
    kendra.start_data_source_sync_job(Id=ds_id, IndexId=index_id)
    kendra.list_data_source_sync_jobs(Id=ds_id, IndexId=index_id)  # observing settles the sync
    return index_id, ds_id


def text_doc(doc_id: str, text: str, title: str | None = None, **extra) -> dict:
    doc = {"Id": doc_id, "Blob": text.encode(), "ContentType": "PLAIN_TEXT", **extra}
    if title:
        doc["Title"] = title
    return doc


def attr(key: str, value) -> dict:
    kind = ("StringListValue" if isinstance(value, list) else "LongValue" if isinstance(value, int)
            else "StringValue")
    return {"Key": key, "Value": {kind: value}}
