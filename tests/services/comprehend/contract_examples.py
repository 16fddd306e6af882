"""Representative valid calls and error cases for every simulated Comprehend operation."""
ROLE = "arn:aws:iam::123456789012:role/ComprehendDataAccess"
TEXT = "Maria loved the new Kindle from Amazon, but the delivery to Seattle was late."
BUCKET = "contract-comprehend"
LABELS = {"BILLING": ["invoice", "refund", "charge", "payment"], "SHIPPING": ["parcel", "courier", "delivery", "tracking"]}


def _bucket(make):
    s3 = make("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="in/docs.txt", Body=TEXT + "\nThe hotel was dreadful.\n")
    return s3


def _job(kind, extra=None):
    def build(make):
        _bucket(make)
        params = {"InputDataConfig": {"S3Uri": f"s3://{BUCKET}/in/", "InputFormat": "ONE_DOC_PER_LINE"},
                  "OutputDataConfig": {"S3Uri": f"s3://{BUCKET}/out/"}, "DataAccessRoleArn": ROLE}
        if kind not in ("DominantLanguage", "Topics"):
            params["LanguageCode"] = "en"
        params.update(extra or {})
        return params
    return build


def _started(kind, extra=None):
    def build(make):
        params = _job(kind, extra)(make)
        job_id = getattr(make("comprehend"), _snake(f"Start{kind}DetectionJob"))(**params)["JobId"]
        return {"JobId": job_id}
    return build


def _snake(name):
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def _classifier(make, trained=True):
    s3 = _bucket(make)
    rows = [f"{label},The {w} number {i} needs attention" for label, words in LABELS.items()
            for i in range(12) for w in words[i % 4:i % 4 + 1]]
    s3.put_object(Bucket=BUCKET, Key="train/train.csv", Body="\n".join(rows))
    c = make("comprehend")
    arn = c.create_document_classifier(
        DocumentClassifierName="tickets", DataAccessRoleArn=ROLE, LanguageCode="en",
        InputDataConfig={"S3Uri": f"s3://{BUCKET}/train/train.csv"})["DocumentClassifierArn"]
    if trained:
        c.describe_document_classifier(DocumentClassifierArn=arn)
    return arn


def _endpoint(make):
    arn = _classifier(make)
    return make("comprehend").create_endpoint(EndpointName="tickets", ModelArn=arn,
                                              DesiredInferenceUnits=1)["EndpointArn"]


def _classification_job(make):
    arn = _classifier(make)
    params = _job("DocumentClassification")(make)
    params.pop("LanguageCode")
    return {**params, "DocumentClassifierArn": arn}


KINDS = ["Sentiment", "TargetedSentiment", "Entities", "KeyPhrases", "DominantLanguage", "PiiEntities", "Topics"]
EXTRA = {"PiiEntities": {"Mode": "ONLY_OFFSETS"}, "Topics": {"NumberOfTopics": 2}}

EXAMPLES = {
    "DetectSentiment": lambda make: {"Text": TEXT, "LanguageCode": "en"},
    "DetectDominantLanguage": lambda make: {"Text": "Il fait très beau aujourd'hui à Paris."},
    "DetectEntities": lambda make: {"Text": TEXT, "LanguageCode": "en"},
    "DetectKeyPhrases": lambda make: {"Text": TEXT, "LanguageCode": "en"},
    "DetectSyntax": lambda make: {"Text": TEXT, "LanguageCode": "en"},
    "DetectTargetedSentiment": lambda make: {"Text": TEXT, "LanguageCode": "en"},
    "DetectPiiEntities": lambda make: {"Text": "Email maria@example.com", "LanguageCode": "en"},
    "ContainsPiiEntities": lambda make: {"Text": "Call 555-010-1234", "LanguageCode": "en"},
    "BatchDetectSentiment": lambda make: {"TextList": [TEXT, "Awful."], "LanguageCode": "en"},
    "BatchDetectDominantLanguage": lambda make: {"TextList": [TEXT, "Guten Morgen, wie geht es dir?"]},
    "BatchDetectEntities": lambda make: {"TextList": [TEXT], "LanguageCode": "en"},
    "BatchDetectKeyPhrases": lambda make: {"TextList": [TEXT], "LanguageCode": "en"},
    "BatchDetectSyntax": lambda make: {"TextList": [TEXT], "LanguageCode": "en"},
    "BatchDetectTargetedSentiment": lambda make: {"TextList": [TEXT], "LanguageCode": "en"},
    "CreateDocumentClassifier": lambda make: {
        "DocumentClassifierName": "c1", "DataAccessRoleArn": ROLE, "LanguageCode": "en",
        "InputDataConfig": {"S3Uri": f"s3://{BUCKET}/train.csv"}},
    "DescribeDocumentClassifier": lambda make: {"DocumentClassifierArn": _classifier(make)},
    "ListDocumentClassifiers": lambda make: (_classifier(make), {})[1],
    "StopTrainingDocumentClassifier": lambda make: {"DocumentClassifierArn": _classifier(make, trained=False)},
    "DeleteDocumentClassifier": lambda make: {"DocumentClassifierArn": _classifier(make)},
    "CreateEndpoint": lambda make: {"EndpointName": "e1", "ModelArn": _classifier(make), "DesiredInferenceUnits": 1},
    "DescribeEndpoint": lambda make: {"EndpointArn": _endpoint(make)},
    "ListEndpoints": lambda make: (_endpoint(make), {})[1],
    "DeleteEndpoint": lambda make: {"EndpointArn": _endpoint(make)},
    "ClassifyDocument": lambda make: {"EndpointArn": _endpoint(make), "Text": "Where is my parcel? The tracking page is blank."},
    "StartDocumentClassificationJob": _classification_job,
    "DescribeDocumentClassificationJob": lambda make: {"JobId": make("comprehend").start_document_classification_job(**_classification_job(make))["JobId"]},
    "ListDocumentClassificationJobs": lambda make: {},
}
for _kind in KINDS:
    EXAMPLES[f"Start{_kind}DetectionJob"] = _job(_kind, EXTRA.get(_kind))
    EXAMPLES[f"Describe{_kind}DetectionJob"] = _started(_kind, EXTRA.get(_kind))
    EXAMPLES[f"List{_kind}DetectionJobs"] = lambda make: {"MaxResults": 10}
    if _kind != "Topics":
        EXAMPLES[f"Stop{_kind}DetectionJob"] = _started(_kind, EXTRA.get(_kind))

BIG = "word " * 1001  # 5,005 bytes: over the 5,000-byte limit
ERRORS = [
    ("DetectSentiment", lambda make: {"Text": BIG, "LanguageCode": "en"}, "TextSizeLimitExceededException"),
    ("DetectSentiment", lambda make: {"Text": "Hej!", "LanguageCode": "sv"}, "UnsupportedLanguageException"),
    ("DetectSentiment", lambda make: {"Text": "   ", "LanguageCode": "en"}, "InvalidRequestException"),
    ("DetectEntities", lambda make: {"Text": "x" * 100_001, "LanguageCode": "en"}, "TextSizeLimitExceededException"),
    ("DetectKeyPhrases", lambda make: {"Text": "Hola", "LanguageCode": "el"}, "UnsupportedLanguageException"),
    ("DetectDominantLanguage", lambda make: {"Text": "y" * 100_001}, "TextSizeLimitExceededException"),
    ("DetectSyntax", lambda make: {"Text": "Hello", "LanguageCode": "ja"}, "UnsupportedLanguageException"),
    ("DetectTargetedSentiment", lambda make: {"Text": BIG, "LanguageCode": "en"}, "TextSizeLimitExceededException"),
    ("DetectPiiEntities", lambda make: {"Text": "Bonjour", "LanguageCode": "fr"}, "UnsupportedLanguageException"),
    ("ContainsPiiEntities", lambda make: {"Text": "z" * 100_001, "LanguageCode": "en"}, "TextSizeLimitExceededException"),
    ("BatchDetectSentiment", lambda make: {"TextList": ["ok"] * 26, "LanguageCode": "en"}, "BatchSizeLimitExceededException"),
    ("BatchDetectEntities", lambda make: {"TextList": ["ok"] * 26, "LanguageCode": "en"}, "BatchSizeLimitExceededException"),
    ("BatchDetectKeyPhrases", lambda make: {"TextList": ["ok"], "LanguageCode": "tr"}, "UnsupportedLanguageException"),
    ("BatchDetectDominantLanguage", lambda make: {"TextList": ["ok"] * 26}, "BatchSizeLimitExceededException"),
    ("BatchDetectSyntax", lambda make: {"TextList": ["ok"] * 26, "LanguageCode": "en"}, "BatchSizeLimitExceededException"),
    ("BatchDetectTargetedSentiment", lambda make: {"TextList": ["ok"], "LanguageCode": "de"}, "UnsupportedLanguageException"),
    ("StartSentimentDetectionJob", lambda make: {**_job("Sentiment")(make), "InputDataConfig": {"S3Uri": "s3//no-colon"}}, "ValidationException"),
    ("StartEntitiesDetectionJob", lambda make: {**_job("Entities")(make), "DataAccessRoleArn": "arn:aws:iam::role/bad"}, "ValidationException"),
    ("StartTopicsDetectionJob", lambda make: {**_job("Topics")(make), "NumberOfTopics": 101}, "InvalidRequestException"),
    ("DescribeSentimentDetectionJob", lambda make: {"JobId": "0" * 32}, "JobNotFoundException"),
    ("DescribeTopicsDetectionJob", lambda make: {"JobId": "1" * 32}, "JobNotFoundException"),
    ("StopKeyPhrasesDetectionJob", lambda make: {"JobId": "2" * 32}, "JobNotFoundException"),
    ("ListSentimentDetectionJobs", lambda make: {"NextToken": "not-a-token"}, "InvalidRequestException"),
    ("DescribeDocumentClassifier", lambda make: {"DocumentClassifierArn": "arn:aws:comprehend:us-east-1:123456789012:document-classifier/none"}, "ResourceNotFoundException"),
    ("CreateEndpoint", lambda make: {"EndpointName": "e", "ModelArn": _classifier(make, trained=False) and "arn:aws:comprehend:us-east-1:123456789012:document-classifier/none", "DesiredInferenceUnits": 1}, "ResourceNotFoundException"),
    ("ClassifyDocument", lambda make: {"EndpointArn": "arn:aws:comprehend:us-east-1:123456789012:document-classifier-endpoint/none", "Text": "hi"}, "ResourceNotFoundException"),
    ("CreateDocumentClassifier", lambda make: {"DocumentClassifierName": "c", "DataAccessRoleArn": ROLE, "LanguageCode": "sv", "InputDataConfig": {"S3Uri": f"s3://{BUCKET}/x.csv"}}, "UnsupportedLanguageException"),
]
