"""Representative valid calls and error cases for every simulated Amazon Translate operation."""
BUCKET = "contract-translate"
ROLE = "arn:aws:iam::123456789012:role/translate-batch"
TERMS = b"en,pt\nTrailForge,TrailForge\nboots,botas\n"
PAIRS = "en,es\nOur boots are waterproof.,Nuestras botas son impermeables.\n"
ARN = "arn:aws:translate:us-east-1:123456789012:"


def _bucket(make):
    s3 = make("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="in/note.txt", Body=b"Our boots are waterproof.")
    s3.put_object(Bucket=BUCKET, Key="pd/pairs.csv", Body=PAIRS.encode())
    return BUCKET


def _terms(make, name="contract"):
    make("translate").import_terminology(Name=name, MergeStrategy="OVERWRITE",
                                         TerminologyData={"File": TERMS, "Format": "CSV"})
    return name


def _parallel(make, name="contract-pd"):
    _bucket(make)
    make("translate").create_parallel_data(
        Name=name, ParallelDataConfig={"S3Uri": f"s3://{BUCKET}/pd/pairs.csv", "Format": "CSV"},
        ClientToken="contract-token")
    return name


def _job_params(make, **extra):
    _bucket(make)
    return {"InputDataConfig": {"S3Uri": f"s3://{BUCKET}/in/", "ContentType": "text/plain"},
            "OutputDataConfig": {"S3Uri": f"s3://{BUCKET}/out/"}, "DataAccessRoleArn": ROLE,
            "SourceLanguageCode": "en", "TargetLanguageCodes": ["pt"], "ClientToken": "job-token",
            **extra}


def _job(make):
    return {"JobId": make("translate").start_text_translation_job(**_job_params(make))["JobId"]}


EXAMPLES = {
    "TranslateText": lambda make: {"Text": "Our TrailForge boots are waterproof.", "SourceLanguageCode": "en",
                                   "TargetLanguageCode": "pt", "TerminologyNames": [_terms(make)],
                                   "Settings": {"Profanity": "MASK"}},
    "TranslateDocument": lambda make: {"Document": {"Content": b"<p>Hello, <b>world</b>.</p>",
                                                    "ContentType": "text/html"},
                                       "SourceLanguageCode": "en", "TargetLanguageCode": "pt"},
    "ListLanguages": lambda make: {"DisplayLanguageCode": "de", "MaxResults": 10},
    "ImportTerminology": lambda make: {"Name": "contract", "MergeStrategy": "OVERWRITE",
                                       "TerminologyData": {"File": TERMS, "Format": "CSV",
                                                           "Directionality": "MULTI"},
                                       "Tags": [{"Key": "team", "Value": "ml"}]},
    "GetTerminology": lambda make: {"Name": _terms(make), "TerminologyDataFormat": "TMX"},
    "ListTerminologies": lambda make: {"MaxResults": 1} if _terms(make) and _terms(make, "second") else {},
    "DeleteTerminology": lambda make: {"Name": _terms(make)},
    "CreateParallelData": lambda make: {"Name": "contract-pd", "ClientToken": "t1",
                                        "ParallelDataConfig": {"S3Uri": f"s3://{_bucket(make)}/pd/pairs.csv",
                                                               "Format": "CSV"}},
    "GetParallelData": lambda make: {"Name": _parallel(make)},
    "ListParallelData": lambda make: {"MaxResults": 5} if _parallel(make) else {},
    "UpdateParallelData": lambda make: {"Name": _parallel(make), "ClientToken": "t2",
                                        "ParallelDataConfig": {"S3Uri": f"s3://{BUCKET}/pd/pairs.csv",
                                                               "Format": "CSV"}},
    "DeleteParallelData": lambda make: {"Name": _parallel(make)},
    "StartTextTranslationJob": lambda make: _job_params(make, JobName="contract-job"),
    "DescribeTextTranslationJob": _job,
    "ListTextTranslationJobs": lambda make: {"Filter": {"JobStatus": "COMPLETED"}} if _job(make) else {},
    "StopTextTranslationJob": _job,
    "TagResource": lambda make: {"ResourceArn": f"{ARN}terminology/{_terms(make)}/LATEST",
                                 "Tags": [{"Key": "team", "Value": "ml"}]},
    "UntagResource": lambda make: {"ResourceArn": f"{ARN}terminology/{_terms(make)}/LATEST", "TagKeys": ["team"]},
    "ListTagsForResource": lambda make: {"ResourceArn": f"{ARN}parallel-data/{_parallel(make)}"},
}

ERRORS = [
    # 5,001 characters but 10,002 UTF-8 bytes: the byte limit, not the length check, refuses it
    ("TranslateText", lambda make: {"Text": "é" * 5001, "SourceLanguageCode": "pt", "TargetLanguageCode": "en"},
     "TextSizeLimitExceededException"),
    ("TranslateText", lambda make: {"Text": "x" * 10_001, "SourceLanguageCode": "en", "TargetLanguageCode": "pt"},
     "ValidationException"),
    ("TranslateText", lambda make: {"Text": "Good morning.", "SourceLanguageCode": "en", "TargetLanguageCode": "de"},
     "UnsupportedLanguagePairException"),
    ("TranslateText", lambda make: {"Text": "Hi", "SourceLanguageCode": "xx", "TargetLanguageCode": "pt"},
     "UnsupportedLanguagePairException"),
    ("TranslateText", lambda make: {"Text": "ok!!", "SourceLanguageCode": "auto", "TargetLanguageCode": "en"},
     "DetectedLanguageLowConfidenceException"),
    ("TranslateText", lambda make: {"Text": "Hi", "SourceLanguageCode": "en", "TargetLanguageCode": "pt",
                                    "TerminologyNames": ["missing"]}, "ResourceNotFoundException"),
    ("TranslateText", lambda make: {"Text": "Hi", "SourceLanguageCode": "en", "TargetLanguageCode": "pt",
                                    "TerminologyNames": [_terms(make), _terms(make, "other")]},
     "InvalidRequestException"),
    ("TranslateDocument", lambda make: {"Document": {"Content": b"x" * 102_401, "ContentType": "text/plain"},
                                        "SourceLanguageCode": "en", "TargetLanguageCode": "pt"},
     "ValidationException"),
    ("TranslateDocument", lambda make: {"Document": {"Content": b"%PDF-1.4", "ContentType": "application/pdf"},
                                        "SourceLanguageCode": "en", "TargetLanguageCode": "pt"},
     "InvalidRequestException"),
    ("TranslateDocument", lambda make: {"Document": {"Content": b"Hi", "ContentType": "text/plain"},
                                        "SourceLanguageCode": "en", "TargetLanguageCode": "pt",
                                        "Settings": {"Formality": "FORMAL"}}, "InvalidRequestException"),
    ("TranslateDocument", lambda make: {"Document": {"Content": b"Hola", "ContentType": "text/plain"},
                                        "SourceLanguageCode": "es", "TargetLanguageCode": "pt"},
     "UnsupportedLanguagePairException"),
    ("ListLanguages", lambda make: {"NextToken": "not-a-token"}, "InvalidParameterValueException"),
    ("ImportTerminology", lambda make: {"Name": "bad", "MergeStrategy": "OVERWRITE",
                                        "TerminologyData": {"File": b"<tmx><body/></tmx>", "Format": "TMX"}},
     "InvalidParameterValueException"),
    ("ImportTerminology", lambda make: {"Name": "bad", "MergeStrategy": "OVERWRITE",
                                        "TerminologyData": {"File": b"en,xx\na,b\n", "Format": "CSV"}},
     "InvalidParameterValueException"),
    ("ImportTerminology", lambda make: {"Name": "bad name!", "MergeStrategy": "OVERWRITE",
                                        "TerminologyData": {"File": TERMS, "Format": "CSV"}}, "ValidationException"),
    ("ImportTerminology", lambda make: {"Name": "tags", "MergeStrategy": "OVERWRITE",
                                        "TerminologyData": {"File": TERMS, "Format": "CSV"},
                                        "Tags": [{"Key": f"k{i}", "Value": "v"} for i in range(51)]},
     "TooManyTagsException"),
    ("GetTerminology", lambda make: {"Name": "missing"}, "ResourceNotFoundException"),
    ("DeleteTerminology", lambda make: {"Name": "missing"}, "ResourceNotFoundException"),
    ("ListTerminologies", lambda make: {"NextToken": "garbage"}, "InvalidParameterValueException"),
    ("CreateParallelData", lambda make: {"Name": _parallel(make), "ClientToken": "again",
                                         "ParallelDataConfig": {"S3Uri": f"s3://{BUCKET}/pd/pairs.csv",
                                                                "Format": "CSV"}}, "ConflictException"),
    ("GetParallelData", lambda make: {"Name": "missing"}, "ResourceNotFoundException"),
    ("UpdateParallelData", lambda make: {"Name": "missing", "ClientToken": "t",
                                         "ParallelDataConfig": {"S3Uri": "s3://bucket-x/a.csv", "Format": "CSV"}},
     "ResourceNotFoundException"),
    ("DeleteParallelData", lambda make: {"Name": "missing"}, "ResourceNotFoundException"),
    ("ListParallelData", lambda make: {"NextToken": "garbage"}, "InvalidParameterValueException"),
    ("StartTextTranslationJob", lambda make: _job_params(make, TerminologyNames=["missing"]),
     "ResourceNotFoundException"),
    ("StartTextTranslationJob", lambda make: _job_params(make, TargetLanguageCodes=["xx"]),
     "UnsupportedLanguagePairException"),
    ("StartTextTranslationJob", lambda make: _job_params(make, Settings={"Brevity": "ON"}),
     "InvalidRequestException"),
    ("StartTextTranslationJob", lambda make: _job_params(make, DataAccessRoleArn="arn:aws:iam::1:role/x"),
     "ValidationException"),
    ("DescribeTextTranslationJob", lambda make: {"JobId": "missing"}, "ResourceNotFoundException"),
    ("StopTextTranslationJob", lambda make: {"JobId": "missing"}, "ResourceNotFoundException"),
    ("ListTextTranslationJobs", lambda make: {"Filter": {"SubmittedAfterTime": "2026-12-02T00:00:00Z",
                                                         "SubmittedBeforeTime": "2026-01-01T00:00:00Z"}},
     "InvalidFilterException"),
    ("ListTextTranslationJobs", lambda make: {"NextToken": "garbage"}, "InvalidRequestException"),
    ("TagResource", lambda make: {"ResourceArn": f"{ARN}terminology/missing/LATEST",
                                  "Tags": [{"Key": "a", "Value": "b"}]}, "ResourceNotFoundException"),
    ("TagResource", lambda make: {"ResourceArn": f"{ARN}terminology/{_terms(make)}/LATEST",
                                  "Tags": [{"Key": "aws:owner", "Value": "b"}]}, "InvalidParameterValueException"),
    ("UntagResource", lambda make: {"ResourceArn": "not-an-arn", "TagKeys": ["a"]}, "InvalidParameterValueException"),
    ("ListTagsForResource", lambda make: {"ResourceArn": f"{ARN}parallel-data/missing"}, "ResourceNotFoundException"),
]
