"""Terminology and parallel data: import formats, limits, lifecycle through the job runner, tags."""
import json
import urllib.parse

import pytest
from botocore.exceptions import ClientError

TMX = b"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="PlainText" segtype="phrase" adminlang="en"
 creationtool="t" creationtoolversion="1" o-tmf="t"/>
<body><tu><tuv xml:lang="en"><seg>TrailForge</seg></tuv><tuv xml:lang="pt"><seg>TrailForge</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>gift card</seg></tuv><tuv xml:lang="pt"><seg>vale-presente</seg></tuv></tu></body></tmx>"""
BUCKET = "translate-resources-test"


def code(info):
    return info.value.response["Error"]["Code"]


def read_location(s3, location):
    url = urllib.parse.urlparse(location["Location"])
    bucket, key = url.netloc.split(".")[0], url.path.lstrip("/")
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read()


def test_import_tmx_then_get_as_csv(aws):
    translate = aws("translate")
    props = translate.import_terminology(Name="shop", MergeStrategy="OVERWRITE", Description="shop terms",
                                         TerminologyData={"File": TMX, "Format": "TMX"})["TerminologyProperties"]
    assert props["TermCount"] == 2 and props["SourceLanguageCode"] == "en" and props["TargetLanguageCodes"] == ["pt"]
    assert props["SizeBytes"] == len(TMX) and props["Directionality"] == "UNI" and props["Format"] == "TMX"
    got = translate.get_terminology(Name="shop", TerminologyDataFormat="CSV")
    csv = read_location(aws("s3"), got["TerminologyDataLocation"]).decode()
    assert csv.splitlines() == ["en,pt", "TrailForge,TrailForge", "gift card,vale-presente"]
    original = read_location(aws("s3"), translate.get_terminology(Name="shop")["TerminologyDataLocation"])
    assert original == TMX


def test_overwrite_replaces_terms(aws):
    translate = aws("translate")
    for body in (b"en,pt\na,b\nc,d\n", b"en,pt\nx,y\n"):
        translate.import_terminology(Name="t", MergeStrategy="OVERWRITE",
                                     TerminologyData={"File": body, "Format": "CSV"})
    assert translate.get_terminology(Name="t")["TerminologyProperties"]["TermCount"] == 1


def test_skipped_terms_are_counted_with_an_auxiliary_file(aws):
    translate = aws("translate")
    body = ("en\tpt\nok\tcerto\n=1+1\tx\n" + "long" * 60 + "\ty\n").encode()
    out = translate.import_terminology(Name="tsv", MergeStrategy="OVERWRITE",
                                       TerminologyData={"File": body, "Format": "TSV"})
    assert out["TerminologyProperties"]["TermCount"] == 1
    assert out["TerminologyProperties"]["SkippedTermCount"] == 2
    notes = json.loads(read_location(aws("s3"), out["AuxiliaryDataLocation"]))
    assert len(notes["skippedTerms"]) == 2


def test_multi_directional_only_in_its_own_format(aws):
    translate = aws("translate")
    translate.import_terminology(Name="m", MergeStrategy="OVERWRITE",
                                 TerminologyData={"File": b"en,pt\na,b\n", "Format": "CSV", "Directionality": "MULTI"})
    with pytest.raises(ClientError) as info:
        translate.get_terminology(Name="m", TerminologyDataFormat="TMX")
    assert code(info) == "InvalidParameterValueException"


@pytest.mark.parametrize("body,fmt", [(b"", "CSV"), (b"en\nonly\n", "CSV"), (b"<tmx>", "TMX"),
                                      (b"en,zz\na,b\n", "CSV"), (b"\xff\xfe\x00", "CSV")])
def test_malformed_files(aws, body, fmt):
    with pytest.raises(ClientError) as info:
        aws("translate").import_terminology(Name="bad", MergeStrategy="OVERWRITE",
                                            TerminologyData={"File": body, "Format": fmt})
    assert code(info) == "InvalidParameterValueException"


def test_list_pages_and_delete(aws):
    translate = aws("translate")
    for name in ("a", "b", "c"):
        translate.import_terminology(Name=name, MergeStrategy="OVERWRITE",
                                     TerminologyData={"File": b"en,pt\nx,y\n", "Format": "CSV"})
    first = translate.list_terminologies(MaxResults=2)
    second = translate.list_terminologies(MaxResults=2, NextToken=first["NextToken"])
    names = [t["Name"] for t in first["TerminologyPropertiesList"] + second["TerminologyPropertiesList"]]
    assert names == ["a", "b", "c"] and "NextToken" not in second
    translate.delete_terminology(Name="b")
    with pytest.raises(ClientError) as info:
        translate.get_terminology(Name="b")
    assert code(info) == "ResourceNotFoundException"


def setup_bucket(aws, files):
    s3 = aws("s3")
    s3.create_bucket(Bucket=BUCKET)
    for key, body in files.items():
        s3.put_object(Bucket=BUCKET, Key=key, Body=body)
    return s3


def test_parallel_data_lifecycle(aws):
    setup_bucket(aws, {"pd.tsv": "en\tes\nGood morning.\tBuenos días.\n\tvacío\nHi\t\n".encode()})
    translate = aws("translate")
    out = translate.create_parallel_data(Name="pd", ClientToken="t1",
                                         ParallelDataConfig={"S3Uri": f"s3://{BUCKET}/pd.tsv", "Format": "TSV"})
    assert out["Status"] == "CREATING"
    props = translate.get_parallel_data(Name="pd")["ParallelDataProperties"]
    assert props["Status"] == "ACTIVE" and props["ImportedRecordCount"] == 1 and props["SkippedRecordCount"] == 2
    assert props["SourceLanguageCode"] == "en" and props["TargetLanguageCodes"] == ["es"]
    with pytest.raises(ClientError) as info:
        translate.create_parallel_data(Name="pd", ClientToken="t2",
                                       ParallelDataConfig={"S3Uri": f"s3://{BUCKET}/pd.tsv", "Format": "TSV"})
    assert code(info) == "ConflictException"
    translate.update_parallel_data(Name="pd", ClientToken="t3",
                                   ParallelDataConfig={"S3Uri": f"s3://{BUCKET}/gone.tsv", "Format": "TSV"})
    props = translate.get_parallel_data(Name="pd")["ParallelDataProperties"]
    assert props["Status"] == "ACTIVE" and props["LatestUpdateAttemptStatus"] == "FAILED"
    assert props["ImportedRecordCount"] == 1   # the failed update kept the old data
    assert translate.delete_parallel_data(Name="pd")["Status"] == "DELETING"
    assert translate.list_parallel_data()["ParallelDataPropertiesList"] == []


def test_parallel_data_from_missing_object_fails(aws):
    setup_bucket(aws, {})
    translate = aws("translate")
    translate.create_parallel_data(Name="gone", ClientToken="t1",
                                   ParallelDataConfig={"S3Uri": f"s3://{BUCKET}/none.csv", "Format": "CSV"})
    props = translate.get_parallel_data(Name="gone")["ParallelDataProperties"]
    assert props["Status"] == "FAILED" and "NoSuchKey" in props["Message"]


def test_tags(aws):
    translate = aws("translate")
    arn = translate.import_terminology(Name="tagged", MergeStrategy="OVERWRITE",
                                       TerminologyData={"File": b"en,pt\nx,y\n", "Format": "CSV"},
                                       Tags=[{"Key": "team", "Value": "ml"}])["TerminologyProperties"]["Arn"]
    translate.tag_resource(ResourceArn=arn, Tags=[{"Key": "stage", "Value": "dev"}])
    assert translate.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "stage", "Value": "dev"}, {"Key": "team", "Value": "ml"}]
    translate.untag_resource(ResourceArn=arn, TagKeys=["team"])
    assert translate.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "stage", "Value": "dev"}]
    with pytest.raises(ClientError) as info:
        translate.tag_resource(ResourceArn=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    assert code(info) == "TooManyTagsException"
