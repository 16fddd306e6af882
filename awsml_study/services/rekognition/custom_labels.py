"""Rekognition Custom Labels: projects, model versions trained from a Ground Truth manifest in S3
(a scikit-learn classifier, engines.image_classifier), start/stop, and DetectCustomLabels.

Status moves as on AWS, one step per look: a new version is TRAINING_IN_PROGRESS until it is
first described, when it trains and becomes TRAINING_COMPLETED (or TRAINING_FAILED);
StartProjectVersion gives STARTING, then RUNNING; StopProjectVersion STOPPING, then STOPPED.
"""
from __future__ import annotations

import json
import re
import time

from awsml_study.services.rekognition.images import invalid, picture
from awsml_study.sim import jobs, s3io, state
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

ENGINE = "rekognition/custom-labels-sklearn-logreg"
NAME = re.compile(r"^[a-zA-Z0-9_.\-]{1,255}$")
TRAINING = jobs.Lifecycle(key="Status", running="TRAINING_IN_PROGRESS", done="TRAINING_COMPLETED",
                          failed="TRAINING_FAILED", message_key="StatusMessage", end_key=None)
NEXT_STATUS = {"STARTING": "RUNNING", "STOPPING": "STOPPED"}


def _projects() -> dict:
    return state.store("rekognition.projects")


def _project(arn) -> dict:
    for project in _projects().values():
        if project["ProjectArn"] == arn:
            return project
    raise AwsError("ResourceNotFoundException", f"The project {arn} does not exist")


def _version(arn) -> dict:
    for project in _projects().values():
        for version in project["Versions"].values():
            if version["ProjectVersionArn"] == arn:
                return version
    raise AwsError("ResourceNotFoundException", f"The project version {arn} does not exist")


@operation("rekognition", "CreateProject", engine=ENGINE)
def create_project(params: dict) -> dict:
    name = params.get("ProjectName", "")
    if not NAME.match(name or ""):
        raise invalid("ProjectName must match [a-zA-Z0-9_.\\-]+ (1-255 characters)")
    feature = params.get("Feature", "CUSTOM_LABELS")
    if feature != "CUSTOM_LABELS":
        raise invalid("the kit trains CUSTOM_LABELS projects only")
    if name in _projects():
        raise AwsError("ResourceInUseException", f"The project {name} already exists")
    arn = f"arn:aws:rekognition:{s3io.REGION}:{s3io.account()}:project/{name}/{int(time.time() * 1000)}"
    _projects()[name] = {"ProjectArn": arn, "CreationTimestamp": jobs.now(), "Status": "CREATED",
                         "Feature": feature, "Versions": {}}
    return {"ProjectArn": arn}


@operation("rekognition", "DescribeProjects", engine=ENGINE)
def describe_projects(params: dict) -> dict:
    names = params.get("ProjectNames")
    found = [{k: v for k, v in p.items() if k != "Versions"}
             for name, p in sorted(_projects().items()) if not names or name in names]
    chunk, token = jobs.page(found, params.get("MaxResults"), params.get("NextToken"), default=100,
                             error_code="InvalidPaginationTokenException")
    return {"ProjectDescriptions": chunk, **({"NextToken": token} if token else {})}


def _manifest_rows(assets, where: str) -> list[dict]:
    rows = []
    for asset in assets or []:
        s3object = ((asset or {}).get("GroundTruthManifest") or {}).get("S3Object") or {}
        try:
            body = s3io.read(s3object.get("Bucket", ""), s3object.get("Name", ""))
        except s3io.S3ReadError as err:
            raise jobs.JobFailure(f"The {where} manifest cannot be read: {err}") from None
        for number, line in enumerate(body.decode("utf-8", "replace").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                raise jobs.JobFailure(f"The {where} manifest has invalid JSON on line {number}") from None
    return rows


def _examples(rows: list[dict], where: str):
    """(pictures, class names) from image-classification rows of a Ground Truth manifest."""
    from awsml_study.engines.vision import image

    pictures, labels = [], []
    for row in rows:
        meta = next((v for k, v in row.items() if k.endswith("-metadata") and isinstance(v, dict)
                     and "class-name" in v), None)
        if not meta or "source-ref" not in row:
            raise jobs.JobFailure(f"The {where} manifest needs image-classification rows "
                                  f"(source-ref and a *-metadata with class-name)")
        try:
            bucket, key = s3io.split_uri(row["source-ref"], "source-ref")
            pictures.append(image.decode(s3io.read(bucket, key)))
        except (AwsError, s3io.S3ReadError, image.NotAnImage) as err:
            raise jobs.JobFailure(f"Image {row['source-ref']} cannot be used: {err}") from None
        labels.append(meta["class-name"])
    return pictures, labels


def _train(version: dict, request: dict):
    def work(job: jobs.Job) -> None:
        try:
            _fit(version, request)
        except jobs.JobFailure:
            raise
        except Exception as err:  # training fails as on AWS: a status and a message
            raise jobs.JobFailure(f"Training failed: {err}") from None
    return work


def _fit(version: dict, request: dict) -> None:
    """Read the manifests and pictures, train, evaluate on the test set, write the summary."""
    from awsml_study.engines.vision import image_classifier as clf

    started = time.time()
    train_rows = _manifest_rows(request["TrainingData"].get("Assets"), "training")
    testing = request.get("TestingData") or {}
    if testing.get("Assets"):
        test_rows = _manifest_rows(testing["Assets"], "testing")
    else:  # AutoCreate: every fifth picture is held out for testing
        test_rows, train_rows = train_rows[::5], [r for i, r in enumerate(train_rows) if i % 5]
    x_train, y_train = _examples(train_rows, "training")
    x_test, y_test = _examples(test_rows, "testing")
    if len(set(y_train)) < 2:
        raise jobs.JobFailure("The training dataset needs at least two labels")
    model = clf.train(x_train, y_train)
    f1, per_class = clf.f1_per_class(model, x_test, y_test)
    output = request["OutputConfig"]
    key = f"{output.get('S3KeyPrefix', '').rstrip('/')}/{version['VersionName']}/evaluation.json".lstrip("/")
    try:
        s3io.write(output["S3Bucket"], key, json.dumps(
            {"F1Score": f1, "PerLabel": per_class, "TrainingImages": len(y_train),
             "TestingImages": len(y_test)}, indent=1).encode(), "application/json")
    except s3io.S3ReadError as err:
        raise jobs.JobFailure(str(err)) from None
    version.update({"_model": model, "BillableTrainingTimeInSeconds": max(1, int(time.time() - started)),
                    "TrainingEndTimestamp": jobs.now(),
                    "EvaluationResult": {"F1Score": round(f1, 4), "Summary": {
                        "S3Object": {"Bucket": output["S3Bucket"], "Name": key}}},
                    "StatusMessage": f"Trained on {len(y_train)} images, tested on {len(y_test)}."})


@operation("rekognition", "CreateProjectVersion", engine=ENGINE)
def create_project_version(params: dict) -> dict:
    project = _project(params.get("ProjectArn"))
    name = params.get("VersionName", "")
    if not NAME.match(name or ""):
        raise invalid("VersionName must match [a-zA-Z0-9_.\\-]+ (1-255 characters)")
    if name in project["Versions"]:
        raise AwsError("ResourceInUseException", f"The version {name} already exists")
    output = params.get("OutputConfig") or {}
    if not output.get("S3Bucket"):
        raise invalid("OutputConfig needs an S3Bucket")
    if not (params.get("TrainingData") or {}).get("Assets"):
        raise invalid("TrainingData needs a Ground Truth manifest asset")
    arn = f"{project['ProjectArn'].rsplit('/', 1)[0]}/version/{name}/{int(time.time() * 1000)}"
    version = {"ProjectVersionArn": arn, "VersionName": name, "CreationTimestamp": jobs.now(),
               "Status": "TRAINING_IN_PROGRESS", "OutputConfig": output}
    version["_job"] = jobs.submit(jobs.Job(arn, version, _train(version, params), TRAINING))
    project["Versions"][name] = version
    return {"ProjectVersionArn": arn}


def _advance(version: dict) -> None:
    if version["Status"] == "TRAINING_IN_PROGRESS":
        version["_job"].settle()
    elif version["Status"] in NEXT_STATUS:
        version["Status"] = NEXT_STATUS[version["Status"]]


@operation("rekognition", "DescribeProjectVersions", engine=ENGINE)
def describe_project_versions(params: dict) -> dict:
    project = _project(params.get("ProjectArn"))
    names = params.get("VersionNames")
    found = []
    for name, version in project["Versions"].items():
        if names and name not in names:
            continue
        _advance(version)
        found.append({k: v for k, v in version.items() if not k.startswith("_") and k != "VersionName"})
    chunk, token = jobs.page(found, params.get("MaxResults"), params.get("NextToken"), default=100,
                             error_code="InvalidPaginationTokenException")
    return {"ProjectVersionDescriptions": chunk, **({"NextToken": token} if token else {})}


@operation("rekognition", "StartProjectVersion", engine=ENGINE)
def start_project_version(params: dict) -> dict:
    version = _version(params.get("ProjectVersionArn"))
    _advance(version) if version["Status"] == "TRAINING_IN_PROGRESS" else None
    units = params.get("MinInferenceUnits", 0)
    if not isinstance(units, int) or units < 1:
        raise invalid("MinInferenceUnits must be at least 1")
    if version["Status"] not in ("TRAINING_COMPLETED", "STOPPED"):
        raise AwsError("ResourceInUseException",
                       f"The project version is {version['Status']}; only a trained, stopped "
                       f"model can be started")
    version.update(Status="STARTING", MinInferenceUnits=units,
                   MaxInferenceUnits=params.get("MaxInferenceUnits", units))
    return {"Status": "STARTING"}


@operation("rekognition", "StopProjectVersion", engine=ENGINE)
def stop_project_version(params: dict) -> dict:
    version = _version(params.get("ProjectVersionArn"))
    if version["Status"] not in ("RUNNING", "STARTING"):
        raise AwsError("ResourceInUseException", f"The project version is {version['Status']}, "
                                                 f"not running")
    version["Status"] = "STOPPING"
    return {"Status": "STOPPING"}


@operation("rekognition", "DetectCustomLabels", engine=ENGINE)
def detect_custom_labels(params: dict) -> dict:
    version = _version(params.get("ProjectVersionArn"))
    if version["Status"] != "RUNNING":
        raise AwsError("ResourceNotReadyException",
                       f"ProjectVersion arn: {version['ProjectVersionArn']} is not ready "
                       f"(status {version['Status']}); start it with StartProjectVersion")
    min_conf = params.get("MinConfidence")
    if min_conf is not None and not 0 <= min_conf <= 100:
        raise invalid("MinConfidence must be between 0 and 100")
    pic = picture(params.get("Image"))
    predictions = version["_model"].predict(pic.rgb)
    # Without MinConfidence, AWS applies the model's own threshold; here: 50%.
    floor = 50.0 if min_conf is None else min_conf
    labels = [{"Name": name, "Confidence": round(conf, 4)} for name, conf in predictions if conf >= floor]
    return {"CustomLabels": labels[:params.get("MaxResults", 1000)]}
