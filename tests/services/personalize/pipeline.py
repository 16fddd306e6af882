"""Builds a small Personalize pipeline with real boto3 calls (for the tests and contract examples)."""
from __future__ import annotations

import json

from awsml_study.engines.recommend.synthetic import movielens_style, to_csv

BUCKET = "personalize-test-data"
ROLE = "arn:aws:iam::123456789012:role/PersonalizeRole"
INTERACTIONS = {"type": "record", "name": "Interactions", "namespace": "com.amazonaws.personalize.schema",
                "fields": [{"name": "USER_ID", "type": "string"}, {"name": "ITEM_ID", "type": "string"},
                           {"name": "TIMESTAMP", "type": "long"}, {"name": "EVENT_TYPE", "type": "string"},
                           {"name": "EVENT_VALUE", "type": ["null", "float"]}], "version": "1.0"}
ITEMS = {"type": "record", "name": "Items", "namespace": "com.amazonaws.personalize.schema",
         "fields": [{"name": "ITEM_ID", "type": "string"},
                    {"name": "GENRES", "type": "string", "categorical": True},
                    {"name": "YEAR", "type": "int"}, {"name": "TITLE", "type": ["null", "string"]}],
         "version": "1.0"}
USERS = {"type": "record", "name": "Users", "namespace": "com.amazonaws.personalize.schema",
         "fields": [{"name": "USER_ID", "type": "string"},
                    {"name": "AGE_GROUP", "type": "string", "categorical": True},
                    {"name": "MEMBERSHIP", "type": "string", "categorical": True}], "version": "1.0"}
ACTIONS = {"type": "record", "name": "Actions", "namespace": "com.amazonaws.personalize.schema",
           "fields": [{"name": "ACTION_ID", "type": "string"}, {"name": "VALUE", "type": ["null", "int"]}],
           "version": "1.0"}
ACTION_INTERACTIONS = {"type": "record", "name": "ActionInteractions",
                       "namespace": "com.amazonaws.personalize.schema",
                       "fields": [{"name": "USER_ID", "type": "string"}, {"name": "ACTION_ID", "type": "string"},
                                  {"name": "TIMESTAMP", "type": "long"}, {"name": "EVENT_TYPE", "type": "string"}],
                       "version": "1.0"}


def empty_dataset(make, group_arn, kind, schema, name):
    p = make("personalize")
    s = p.create_schema(name=f"{name}-schema", schema=json.dumps(schema))["schemaArn"]
    return p.create_dataset(name=name, schemaArn=s, datasetGroupArn=group_arn, datasetType=kind)["datasetArn"]


def data(n_users=120, n_items=80, n_interactions=2500, seed=3):
    return movielens_style(n_users=n_users, n_items=n_items, n_interactions=n_interactions, seed=seed)


def upload(make, name, rows, columns=None):
    s3 = make("s3")
    try:
        s3.create_bucket(Bucket=BUCKET)
    except Exception:
        pass
    s3.put_object(Bucket=BUCKET, Key=f"{name}.csv", Body=to_csv(rows, columns).encode())
    return f"s3://{BUCKET}/{name}.csv"


def group(make, name="movies", domain=None, with_items=True, with_users=False, sample=None):
    """Dataset group with imported data; returns a dict of ARNs."""
    p = make("personalize")
    sample = sample or data()
    kwargs = {"domain": domain} if domain else {}
    g = p.create_dataset_group(name=name, **kwargs)["datasetGroupArn"]
    out = {"group": g, "data": sample}
    specs = [("Interactions", INTERACTIONS, "interactions")]
    if with_items:
        specs.append(("Items", ITEMS, "items"))
    if with_users:
        specs.append(("Users", USERS, "users"))
    for kind, schema, key in specs:
        rows = sample[key]
        if domain and kind == "Interactions":
            rows = [{**r, "EVENT_TYPE": "Watch" if domain == "VIDEO_ON_DEMAND" else
                     ("Purchase" if r["EVENT_TYPE"] == "rate" else "View")} for r in rows]
        s = p.create_schema(name=f"{name}-{key}", schema=json.dumps(schema), **kwargs)["schemaArn"]
        ds = p.create_dataset(name=f"{name}-{key}", schemaArn=s, datasetGroupArn=g, datasetType=kind)["datasetArn"]
        job = p.create_dataset_import_job(jobName=f"{name}-{key}-import", datasetArn=ds, roleArn=ROLE,
                                          dataSource={"dataLocation": upload(make, f"{name}-{key}", rows)})
        out[key] = ds
        out[f"{key}_import"] = job["datasetImportJobArn"]
    return out


def solution(make, arns, recipe="aws-user-personalization-v2", name=None, **kwargs):
    p = make("personalize")
    s = p.create_solution(name=name or recipe, datasetGroupArn=arns["group"],
                          recipeArn=f"arn:aws:personalize:::recipe/{recipe}", **kwargs)["solutionArn"]
    v = p.create_solution_version(solutionArn=s)["solutionVersionArn"]
    return s, v


def campaign(make, arns, recipe="aws-user-personalization-v2", **kwargs):
    s, v = solution(make, arns, recipe)
    c = make("personalize").create_campaign(name=f"{recipe}-campaign", solutionVersionArn=v, **kwargs)["campaignArn"]
    return s, v, c


def actions_group(make, name="actions", sample=None):
    """A dataset group with Actions and Action interactions (movies renamed a1, a2 … as actions)."""
    p = make("personalize")
    sample = sample or data()
    g = p.create_dataset_group(name=name)["datasetGroupArn"]
    acts = empty_dataset(make, g, "Actions", ACTIONS, f"{name}-actions")
    events = empty_dataset(make, g, "Action_Interactions", ACTION_INTERACTIONS, f"{name}-events")
    rows = [{"USER_ID": r["USER_ID"], "ACTION_ID": "a" + r["ITEM_ID"][1:], "TIMESTAMP": r["TIMESTAMP"],
             "EVENT_TYPE": "Taken"} for r in sample["interactions"]]
    p.create_dataset_import_job(jobName=f"{name}-events", datasetArn=events, roleArn=ROLE,
                                dataSource={"dataLocation": upload(make, f"{name}-events", rows)})
    catalogue = [{"ACTION_ID": "a" + r["ITEM_ID"][1:], "VALUE": 1} for r in sample["items"]]
    p.create_dataset_import_job(jobName=f"{name}-actions", datasetArn=acts, roleArn=ROLE,
                                dataSource={"dataLocation": upload(make, f"{name}-actions", catalogue)})
    return {"group": g, "actions": acts, "action_interactions": events, "data": sample, "rows": rows}
