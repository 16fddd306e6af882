"""Comprehend custom classification: a real classifier trained from a CSV in S3, endpoints, jobs."""
from __future__ import annotations

import csv
import io

from awsml_study.services.comprehend import analysis as cm
from awsml_study.services.comprehend import jobs as cj
from awsml_study.sim import jobs, s3io, state
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

ENGINE = "comprehend/sklearn-tfidf-logreg"
TRAINING = jobs.Lifecycle(key="Status", running="TRAINING", done="TRAINED", failed="IN_ERROR")
DEPLOYING = jobs.Lifecycle(key="Status", running="CREATING", done="IN_SERVICE", end_key=None)
MIN_DOCS_PER_LABEL = 10


def classifiers() -> dict:
    return state.store("comprehend.classifiers")


def endpoints() -> dict:
    return state.store("comprehend.endpoints")


def _arn(kind: str, name: str) -> str:
    return f"arn:aws:comprehend:{s3io.REGION}:{s3io.account()}:{kind}/{name}"


def read_training_csv(uri: str) -> tuple[list[str], list[str]]:
    bucket, key = s3io.split_uri(uri, "inputDataConfig.s3Uri")
    try:
        keys = s3io.list_objects(bucket, key)
        raw = b"".join(s3io.read(bucket, k) for k in keys).decode("utf-8-sig")
    except s3io.S3ReadError as err:
        raise jobs.JobFailure(str(err)) from None
    except UnicodeDecodeError as err:
        raise jobs.JobFailure(f"The training data must be a UTF-8 encoded CSV file; byte "
                              f"{err.start} of the input is not UTF-8.") from None
    labels, texts = [], []
    try:
        for row in csv.reader(io.StringIO(raw)):
            if len(row) >= 2 and row[0].strip() and row[1].strip():
                labels.append(row[0].strip())
                texts.append(",".join(row[1:]).strip())
    except csv.Error as err:  # e.g. NUL bytes
        raise jobs.JobFailure(f"The training data is not a valid CSV file: {err}.") from None
    return labels, texts


def train_work(job: jobs.Job) -> None:
    from awsml_study.engines.text import classifier

    props = job.props
    props["TrainingStartTime"] = jobs.now()
    labels, texts = read_training_csv(props["InputDataConfig"]["S3Uri"])
    counts = {label: labels.count(label) for label in set(labels)}
    if len(counts) < 2:
        raise jobs.JobFailure("The training data must contain at least 2 different labels.")
    small = sorted(label for label, n in counts.items() if n < MIN_DOCS_PER_LABEL)
    if small:
        raise jobs.JobFailure(f"Each label needs at least {MIN_DOCS_PER_LABEL} training documents; "
                              f"too few for: {', '.join(small)}.")
    model, metrics, n_train, n_test = classifier.train(labels, texts)
    state.store("comprehend.models")[props["DocumentClassifierArn"]] = model
    props["TrainingEndTime"] = jobs.now()
    props["ClassifierMetadata"] = {"NumberOfLabels": len(counts), "NumberOfTrainedDocuments": n_train,
                                   "NumberOfTestDocuments": n_test, "EvaluationMetrics": metrics}


@operation("comprehend", "CreateDocumentClassifier", ENGINE)
def create_document_classifier(p):
    s3io.check_role(p["DataAccessRoleArn"])
    cm.check_language(p["LanguageCode"], "sentiment")
    if p.get("Mode", "MULTI_CLASS") != "MULTI_CLASS":
        raise AwsError("InvalidRequestException", "awsml-study trains MULTI_CLASS classifiers only; "
                       "MULTI_LABEL training is not simulated.")
    config = p["InputDataConfig"]
    if config.get("DataFormat", "COMPREHEND_CSV") != "COMPREHEND_CSV" or "S3Uri" not in config:
        raise AwsError("InvalidRequestException", "awsml-study trains from COMPREHEND_CSV data "
                       "(label,document rows) given by InputDataConfig.S3Uri.")
    s3io.split_uri(config["S3Uri"], "inputDataConfig.s3Uri")
    name = p["DocumentClassifierName"] + (f"/version/{p['VersionName']}" if p.get("VersionName") else "")
    arn = _arn("document-classifier", name)
    if arn in classifiers():
        raise AwsError("ResourceInUseException", f"Classifier {name} already exists.")
    props = {"DocumentClassifierArn": arn, "LanguageCode": p["LanguageCode"], "Status": "SUBMITTED",
             "SubmitTime": jobs.now(), "InputDataConfig": config, "DataAccessRoleArn": p["DataAccessRoleArn"],
             "Mode": "MULTI_CLASS"}
    for key in ("VersionName", "OutputDataConfig", "VolumeKmsKeyId", "ModelKmsKeyId", "VpcConfig"):
        if key in p:
            props[key] = p[key]
    classifiers()[arn] = jobs.submit(jobs.Job(arn, props, train_work, TRAINING))
    return {"DocumentClassifierArn": arn}


def _advance(job: jobs.Job) -> None:
    job.settle()


def find_classifier(arn: str, code: str = "ResourceNotFoundException") -> jobs.Job:
    job = classifiers().get(arn)
    if job is None:
        raise AwsError(code, f"Could not find the specified resource: {arn}")
    _advance(job)
    return job


@operation("comprehend", "DescribeDocumentClassifier", ENGINE)
def describe_document_classifier(p):
    return {"DocumentClassifierProperties": find_classifier(p["DocumentClassifierArn"]).props}


@operation("comprehend", "ListDocumentClassifiers", ENGINE)
def list_document_classifiers(p):
    flt = p.get("Filter") or {}
    items = []
    for job in classifiers().values():
        _advance(job)
        if flt.get("Status") and job.props["Status"] != flt["Status"]:
            continue
        if flt.get("DocumentClassifierName") and not job.id.split("/")[-1 if "/version/" not in job.id else -3] == flt["DocumentClassifierName"]:
            continue
        items.append(job.props)
    page, token = jobs.page(items, p.get("MaxResults"), p.get("NextToken"))
    return {"DocumentClassifierPropertiesList": page, **({"NextToken": token} if token else {})}


@operation("comprehend", "StopTrainingDocumentClassifier", ENGINE)
def stop_training_document_classifier(p):
    job = classifiers().get(p["DocumentClassifierArn"])
    if job is None:
        raise AwsError("ResourceNotFoundException", f"Could not find {p['DocumentClassifierArn']}")
    if job.props["Status"] in ("SUBMITTED", "TRAINING"):
        job.request_stop()
        job.settle()  # a classifier still queued ends STOPPED without training
    return {}


@operation("comprehend", "DeleteDocumentClassifier", ENGINE)
def delete_document_classifier(p):
    arn = p["DocumentClassifierArn"]
    find_classifier(arn)
    if any(e.props["ModelArn"] == arn for e in endpoints().values()):
        raise AwsError("ResourceInUseException", "Delete the endpoints that use this classifier first.")
    del classifiers()[arn]
    state.store("comprehend.models").pop(arn, None)
    return {}


# ----- endpoints and real-time classification -----

def _model_arn(p, member: str) -> str:
    """ModelArn / DocumentClassifierArn: optional in the API, because a flywheel may stand in."""
    if p.get(member):
        return p[member]
    if p.get("FlywheelArn"):
        raise AwsError("ResourceNotFoundException", f"Flywheel {p['FlywheelArn']} not found "
                       "(the simulator does not model flywheels).")
    raise AwsError("InvalidRequestException", f"Provide a {member} or a FlywheelArn.")


@operation("comprehend", "CreateEndpoint", ENGINE)
def create_endpoint(p):
    p = {**p, "ModelArn": _model_arn(p, "ModelArn")}
    model = find_classifier(p["ModelArn"])
    if model.props["Status"] not in ("TRAINED", "TRAINED_WITH_WARNING"):
        raise AwsError("ResourceUnavailableException",
                       f"The model is {model.props['Status']}; only a TRAINED model can be deployed.")
    arn = _arn("document-classifier-endpoint", p["EndpointName"])
    if arn in endpoints():
        raise AwsError("ResourceInUseException", f"Endpoint {p['EndpointName']} already exists.")
    now = jobs.now()
    props = {"EndpointArn": arn, "Status": "CREATING", "ModelArn": p["ModelArn"],
             "DesiredModelArn": p["ModelArn"], "DesiredInferenceUnits": p["DesiredInferenceUnits"],
             "CurrentInferenceUnits": p["DesiredInferenceUnits"], "CreationTime": now,
             "LastModifiedTime": now}
    endpoints()[arn] = jobs.submit(jobs.Job(arn, props, lambda job: None, DEPLOYING))
    return {"EndpointArn": arn, "ModelArn": p["ModelArn"]}


def find_endpoint(arn: str) -> jobs.Job:
    job = endpoints().get(arn)
    if job is None:
        raise AwsError("ResourceNotFoundException", f"Could not find the endpoint {arn}")
    return job.settle()


@operation("comprehend", "DescribeEndpoint", ENGINE)
def describe_endpoint(p):
    return {"EndpointProperties": find_endpoint(p["EndpointArn"]).props}


@operation("comprehend", "ListEndpoints", ENGINE)
def list_endpoints(p):
    items = [find_endpoint(arn).props for arn in list(endpoints())]
    page, token = jobs.page(items, p.get("MaxResults"), p.get("NextToken"))
    return {"EndpointPropertiesList": page, **({"NextToken": token} if token else {})}


@operation("comprehend", "DeleteEndpoint", ENGINE)
def delete_endpoint(p):
    find_endpoint(p["EndpointArn"])
    del endpoints()[p["EndpointArn"]]
    return {}


def classes_of(model_arn: str):
    from awsml_study.engines.text import classifier

    model = state.store("comprehend.models")[model_arn]
    return lambda text: {"Classes": [{"Name": name, "Score": score}
                                     for name, score in classifier.classify(model, text)]}


@operation("comprehend", "ClassifyDocument", ENGINE)
def classify_document(p):
    endpoint = find_endpoint(p["EndpointArn"])
    if "Text" not in p:
        raise AwsError("InvalidRequestException", "awsml-study classifies Text; document Bytes are not simulated.")
    cm.check_size(p["Text"], cm.SMALL_LIMIT * 2)  # real-time classification takes up to 10,000 bytes
    return classes_of(endpoint.props["ModelArn"])(p["Text"])


# ----- asynchronous classification jobs -----

CLASSIFICATION = cj.JobKind("DocumentClassification", "document-classification-job", "CLN", None,
                            None, 1_000_000, stoppable=False, engine=ENGINE)


def _classification_extra(p):
    model = find_classifier(_model_arn(p, "DocumentClassifierArn"))
    if model.props["Status"] not in ("TRAINED", "TRAINED_WITH_WARNING"):
        raise AwsError("ResourceUnavailableException", f"The classifier is {model.props['Status']}.")
    return {"DocumentClassifierArn": p["DocumentClassifierArn"]}


def _classification_work(p):
    def work(job: jobs.Job):
        docs = cj.read_documents(job.props["InputDataConfig"])
        analyse = classes_of(job.props["DocumentClassifierArn"])
        cj.write_output(job, CLASSIFICATION, {"predictions.jsonl": cj.json_lines(CLASSIFICATION, docs, analyse)})
    return work


cj.register(CLASSIFICATION, _classification_work, _classification_extra)
