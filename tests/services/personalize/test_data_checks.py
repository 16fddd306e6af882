"""Personalize refuses bad data as the service does: schemas, CSV columns, timestamps, minimums."""
import json

import pytest
from botocore.exceptions import ClientError

from tests.services.personalize import pipeline as pl


def import_rows(aws, rows, columns=None, name="bad"):
    p = aws("personalize")
    g = p.create_dataset_group(name=name)["datasetGroupArn"]
    s = p.create_schema(name=name, schema=json.dumps(pl.INTERACTIONS))["schemaArn"]
    ds = p.create_dataset(name=name, schemaArn=s, datasetGroupArn=g, datasetType="Interactions")["datasetArn"]
    job = p.create_dataset_import_job(jobName=name, datasetArn=ds, roleArn=pl.ROLE,
                                      dataSource={"dataLocation": pl.upload(aws, name, rows, columns)})
    return g, p.describe_dataset_import_job(datasetImportJobArn=job["datasetImportJobArn"])["datasetImportJob"]


def test_schema_json_and_types_are_checked(aws):
    p = aws("personalize")
    for text in ("{not json", json.dumps({"type": "record", "name": "x", "fields": [{"name": "A", "type": "date"}]}),
                 json.dumps({"type": "record", "name": "x", "fields": [{"name": "A", "type": "int", "categorical": True}]})):
        with pytest.raises(ClientError) as err:
            p.create_schema(name="s", schema=text)
        assert err.value.response["Error"]["Code"] == "InvalidInputException"


def test_dataset_needs_the_required_fields(aws):
    p = aws("personalize")
    g = p.create_dataset_group(name="g")["datasetGroupArn"]
    doc = dict(pl.INTERACTIONS, fields=[f for f in pl.INTERACTIONS["fields"] if f["name"] != "TIMESTAMP"])
    s = p.create_schema(name="no-time", schema=json.dumps(doc))["schemaArn"]
    with pytest.raises(ClientError) as err:
        p.create_dataset(name="d", schemaArn=s, datasetGroupArn=g, datasetType="Interactions")
    assert err.value.response["Error"]["Code"] == "InvalidInputException"
    assert "TIMESTAMP" in err.value.response["Error"]["Message"]


def test_missing_column_fails_the_import(aws):
    rows = pl.data()["interactions"]
    _, job = import_rows(aws, rows, ["USER_ID", "ITEM_ID", "EVENT_TYPE"])
    assert job["status"] == "CREATE FAILED"
    assert job["failureReason"] == "Input CSV is missing the following columns: [TIMESTAMP]"


def test_bad_timestamps_fail_the_import(aws):
    rows = [dict(r) for r in pl.data()["interactions"]]
    rows[4]["TIMESTAMP"] = rows[4]["TIMESTAMP"] * 1000   # milliseconds instead of seconds
    _, job = import_rows(aws, rows)
    assert job["status"] == "CREATE FAILED"
    assert "Row 6" in job["failureReason"] and "TIMESTAMP" in job["failureReason"]
    rows[4]["TIMESTAMP"] = "2024-05-01"
    _, job = import_rows(aws, rows, name="dates")
    assert job["status"] == "CREATE FAILED" and "Unix epoch" in job["failureReason"]


def test_too_few_records_fail_the_import(aws):
    _, job = import_rows(aws, pl.data()["interactions"][:999])
    assert job["status"] == "CREATE FAILED" and "1000" in job["failureReason"]


def test_too_few_users_fail_the_training(aws):
    # 1,200 interactions, but from only 20 users: the 25-user minimum is not met.
    rows = pl.data(n_users=20, n_items=150, n_interactions=1400)["interactions"]
    g, job = import_rows(aws, rows)
    assert job["status"] == "ACTIVE"
    p = aws("personalize")
    s = p.create_solution(name="s", datasetGroupArn=g,
                          recipeArn="arn:aws:personalize:::recipe/aws-user-personalization-v2")["solutionArn"]
    v = p.create_solution_version(solutionArn=s)["solutionVersionArn"]
    desc = p.describe_solution_version(solutionVersionArn=v)["solutionVersion"]
    assert desc["status"] == "CREATE FAILED"
    assert "25" in desc["failureReason"] and "users" in desc["failureReason"]
    with pytest.raises(ClientError) as err:
        p.get_solution_metrics(solutionVersionArn=v)
    assert err.value.response["Error"]["Code"] == "ResourceInUseException"


def test_event_type_filter_counts_towards_the_minimum(aws):
    rows = pl.data()["interactions"]
    g, job = import_rows(aws, rows)
    p = aws("personalize")
    s = p.create_solution(name="s", datasetGroupArn=g, eventType="rate",   # ~30 % of the events
                          recipeArn="arn:aws:personalize:::recipe/aws-user-personalization-v2")["solutionArn"]
    v = p.create_solution_version(solutionArn=s)["solutionVersionArn"]
    desc = p.describe_solution_version(solutionVersionArn=v)["solutionVersion"]
    assert desc["status"] == "CREATE FAILED" and "after filtering" in desc["failureReason"]
