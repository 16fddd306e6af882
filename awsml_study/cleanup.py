"""What a notebook created, and `teardown()`: delete it again, newest first.

In aws mode every successful Create*/Put*/Start* call of the table below is recorded with the
Delete* call that undoes it; a Delete* the learner makes by hand crosses its record off. The
recorder runs in local mode too when asked (`teardown.record(always=True)`), so the path is
tested in the simulator. With `teardown(at_exit=True)` or AWSML_STUDY_TEARDOWN_AT_EXIT=1 the
same teardown runs when the interpreter or kernel exits.
"""
from __future__ import annotations

import atexit
import os
import sys
import threading
from dataclasses import dataclass

from awsml_study import calls, clients

AT_EXIT_VAR = "AWSML_STUDY_TEARDOWN_AT_EXIT"

# (service, operation that creates) -> (operation that deletes, {its parameter: where the value is})
# "Name" is the create request's parameter; "@Name" (or "@A.B") is found in the response.
UNDO = {
    ("s3", "CreateBucket"): ("DeleteBucket", {"Bucket": "Bucket"}),
    ("s3", "PutObject"): ("DeleteObject", {"Bucket": "Bucket", "Key": "Key"}),
    ("s3", "CopyObject"): ("DeleteObject", {"Bucket": "Bucket", "Key": "Key"}),
    ("s3", "CompleteMultipartUpload"): ("DeleteObject", {"Bucket": "Bucket", "Key": "Key"}),
    ("comprehend", "CreateEndpoint"): ("DeleteEndpoint", {"EndpointArn": "@EndpointArn"}),
    ("comprehend", "CreateDocumentClassifier"): (
        "DeleteDocumentClassifier", {"DocumentClassifierArn": "@DocumentClassifierArn"}),
    ("comprehend", "CreateEntityRecognizer"): (
        "DeleteEntityRecognizer", {"EntityRecognizerArn": "@EntityRecognizerArn"}),
    ("comprehend", "CreateFlywheel"): ("DeleteFlywheel", {"FlywheelArn": "@FlywheelArn"}),
    ("rekognition", "CreateCollection"): ("DeleteCollection", {"CollectionId": "CollectionId"}),
    ("rekognition", "CreateProject"): ("DeleteProject", {"ProjectArn": "@ProjectArn"}),
    ("rekognition", "CreateProjectVersion"): (
        "DeleteProjectVersion", {"ProjectVersionArn": "@ProjectVersionArn"}),
    ("rekognition", "StartProjectVersion"): (
        "StopProjectVersion", {"ProjectVersionArn": "ProjectVersionArn"}),
    ("rekognition", "CreateStreamProcessor"): ("DeleteStreamProcessor", {"Name": "Name"}),
    ("transcribe", "CreateVocabulary"): ("DeleteVocabulary", {"VocabularyName": "VocabularyName"}),
    ("transcribe", "CreateVocabularyFilter"): (
        "DeleteVocabularyFilter", {"VocabularyFilterName": "VocabularyFilterName"}),
    ("transcribe", "CreateLanguageModel"): ("DeleteLanguageModel", {"ModelName": "ModelName"}),
    ("transcribe", "StartTranscriptionJob"): (
        "DeleteTranscriptionJob", {"TranscriptionJobName": "TranscriptionJobName"}),
    ("transcribe", "StartMedicalTranscriptionJob"): (
        "DeleteMedicalTranscriptionJob",
        {"MedicalTranscriptionJobName": "MedicalTranscriptionJobName"}),
    ("transcribe", "StartCallAnalyticsJob"): (
        "DeleteCallAnalyticsJob", {"CallAnalyticsJobName": "CallAnalyticsJobName"}),
    ("polly", "PutLexicon"): ("DeleteLexicon", {"Name": "Name"}),
    ("translate", "ImportTerminology"): ("DeleteTerminology", {"Name": "Name"}),
    ("translate", "CreateParallelData"): ("DeleteParallelData", {"Name": "Name"}),
    ("kendra", "CreateIndex"): ("DeleteIndex", {"Id": "@Id"}),
    ("kendra", "CreateDataSource"): ("DeleteDataSource", {"Id": "@Id", "IndexId": "IndexId"}),
    ("kendra", "CreateFaq"): ("DeleteFaq", {"Id": "@Id", "IndexId": "IndexId"}),
    ("lexv2-models", "CreateBot"): ("DeleteBot", {"botId": "@botId"}),
    ("lexv2-models", "CreateBotAlias"): (
        "DeleteBotAlias", {"botAliasId": "@botAliasId", "botId": "botId"}),
    ("connect", "CreateInstance"): ("DeleteInstance", {"InstanceId": "@Id"}),
    ("sagemaker", "CreateModel"): ("DeleteModel", {"ModelName": "ModelName"}),
    ("sagemaker", "CreateEndpointConfig"): (
        "DeleteEndpointConfig", {"EndpointConfigName": "EndpointConfigName"}),
    ("sagemaker", "CreateEndpoint"): ("DeleteEndpoint", {"EndpointName": "EndpointName"}),
    # Training and transform jobs cannot be deleted; stopping one ends its instance-hours.
    ("sagemaker", "CreateTrainingJob"): ("StopTrainingJob", {"TrainingJobName": "TrainingJobName"}),
    ("sagemaker", "CreateTransformJob"): (
        "StopTransformJob", {"TransformJobName": "TransformJobName"}),
    ("personalize", "CreateSchema"): ("DeleteSchema", {"schemaArn": "@schemaArn"}),
    ("personalize", "CreateDatasetGroup"): (
        "DeleteDatasetGroup", {"datasetGroupArn": "@datasetGroupArn"}),
    ("personalize", "CreateDataset"): ("DeleteDataset", {"datasetArn": "@datasetArn"}),
    ("personalize", "CreateEventTracker"): (
        "DeleteEventTracker", {"eventTrackerArn": "@eventTrackerArn"}),
    ("personalize", "CreateFilter"): ("DeleteFilter", {"filterArn": "@filterArn"}),
    ("personalize", "CreateSolution"): ("DeleteSolution", {"solutionArn": "@solutionArn"}),
    ("personalize", "CreateCampaign"): ("DeleteCampaign", {"campaignArn": "@campaignArn"}),
    ("personalize", "CreateRecommender"): (
        "DeleteRecommender", {"recommenderArn": "@recommenderArn"}),
    ("lambda", "CreateFunction"): ("DeleteFunction", {"FunctionName": "FunctionName"}),
    ("iam", "CreateRole"): ("DeleteRole", {"RoleName": "RoleName"}),
    ("iam", "AttachRolePolicy"): ("DetachRolePolicy", {"RoleName": "RoleName",
                                                      "PolicyArn": "PolicyArn"}),
    ("iam", "PutRolePolicy"): ("DeleteRolePolicy", {"RoleName": "RoleName",
                                                   "PolicyName": "PolicyName"}),
    ("iam", "CreatePolicy"): ("DeletePolicy", {"PolicyArn": "@Policy.Arn"}),
    ("sns", "CreateTopic"): ("DeleteTopic", {"TopicArn": "@TopicArn"}),
    ("sns", "Subscribe"): ("Unsubscribe", {"SubscriptionArn": "@SubscriptionArn"}),
    ("sqs", "CreateQueue"): ("DeleteQueue", {"QueueUrl": "@QueueUrl"}),
}
# Error codes that mean the resource is already gone: teardown counts these as done.
GONE = {"NoSuchBucket", "NoSuchKey", "ResourceNotFoundException", "NoSuchEntity",
        "NotFoundException", "NotFound", "404", "NoSuchEntityException",
        "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"}


@dataclass
class Resource:
    """One thing a notebook made, and how to delete it."""
    service: str
    region: str
    created_by: str
    delete: str
    params: dict

    def __str__(self) -> str:
        ident = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.service} {self.delete}({ident})"


_lock = threading.Lock()
_made: list[Resource] = []
_state = {"on": False, "at_exit": False}


def record(always: bool = False) -> None:
    """Start recording what gets created (aws mode does this itself; `always` does it locally)."""
    if not (always or clients.mode() == "aws"):
        return
    with _lock:
        if _state["on"]:
            return
        _state["on"] = True
    calls.subscribe(_hear)
    if os.environ.get(AT_EXIT_VAR) == "1":
        _register_at_exit()


def stop_recording() -> None:
    with _lock:
        _state["on"] = False
    calls.unsubscribe(_hear)


def recorded() -> list[Resource]:
    """What is still recorded as existing, oldest first."""
    with _lock:
        return list(_made)


def forget() -> None:
    """Drop the records without deleting anything."""
    with _lock:
        _made.clear()


def _value(where: str, params: dict, response: dict):
    if not where.startswith("@"):
        return params.get(where)
    found = response
    for part in where[1:].split("."):
        found = (found or {}).get(part) if isinstance(found, dict) else None
    return found


def _hear(call) -> None:
    if not call.ok:
        return
    undo = UNDO.get((call.service, call.operation))
    if undo is not None:
        delete, where = undo
        params = {name: _value(spot, call.params, call.response) for name, spot in where.items()}
        if all(v is not None for v in params.values()):
            with _lock:
                if not any(r.service == call.service and r.delete == delete and r.params == params
                           for r in _made):
                    _made.append(Resource(call.service, call.region, call.operation, delete,
                                          params))
        return
    with _lock:  # a Delete* made by hand crosses off what it deleted
        _made[:] = [r for r in _made if not (
            r.service == call.service and r.delete == call.operation
            and all(call.params.get(k) == v for k, v in r.params.items()))]


def teardown(at_exit: bool = False, quiet: bool = False) -> list[Resource]:
    """Delete what was recorded, newest first; print each outcome; never raise.

    Returns what could not be deleted (still recorded, so a second call tries again).
    With `at_exit=True` nothing is deleted now: teardown is arranged for interpreter exit.
    """
    if at_exit:
        record()
        _register_at_exit()
        if not quiet:
            print("awsml-study: what this process creates will be deleted when it exits",
                  file=sys.stderr)
        return []
    todo = recorded()
    failed: list[Resource] = []
    say = (lambda text: None) if quiet else (lambda text: print(text, file=sys.stderr))
    if not todo:
        say("awsml-study teardown: nothing recorded to delete")
        return []
    for resource in reversed(todo):
        outcome = _delete(resource)
        if outcome in ("deleted", "already gone"):
            with _lock:
                if resource in _made:
                    _made.remove(resource)
            say(f"  {outcome}: {resource}")
        else:
            failed.append(resource)
            say(f"  FAILED: {resource}: {outcome}")
    say(f"awsml-study teardown: {len(todo) - len(failed)} of {len(todo)} removed"
        + (f"; {len(failed)} failed (run teardown() again, or delete them in the console)"
           if failed else ""))
    return failed


def _delete(resource: Resource) -> str:
    """'deleted', 'already gone', or what went wrong (one line)."""
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore import xform_name
    try:
        where = {"region_name": resource.region} if resource.region else {}
        client = clients.client(resource.service, **where)
        if resource.delete == "DeleteBucket":
            _empty_bucket(client, resource.params["Bucket"])
        getattr(client, xform_name(resource.delete))(**resource.params)
        return "deleted"
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code in GONE or "not found" in str(error).lower() or "does not exist" in str(error).lower():
            return "already gone"
        return f"{code}: {error.response.get('Error', {}).get('Message', '')}"[:300]
    except (BotoCoreError, Exception) as error:  # never raise mid-way: report and go on
        return f"{type(error).__name__}: {error}"[:300]


def _empty_bucket(s3, bucket: str) -> None:
    """A bucket this process created: everything in it is its own (job outputs included)."""
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
        if keys:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})


def _register_at_exit() -> None:
    with _lock:
        if _state["at_exit"]:
            return
        _state["at_exit"] = True
    atexit.register(teardown)


teardown.record = record  # `awsml_study.teardown.record(always=True)` reads as it does
clients.on_aws_mode(record)
