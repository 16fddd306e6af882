"""Representative valid calls and error cases for every simulated Transcribe operation."""
from functools import lru_cache

BUCKET = "contract-transcribe"
MEDIA = f"s3://{BUCKET}/media/hello.wav"
ROLE = "arn:aws:iam::123456789012:role/TranscribeDataAccess"
ARN = "arn:aws:transcribe:us-east-1:123456789012"


@lru_cache(maxsize=None)
def speech(text="Hello and welcome to the support line.", voice="en-us+m6") -> bytes:
    from awsml_study.engines.speech import audio, tts
    s = tts.synthesize(text, voice=voice, rate_wpm=150)
    return audio.encode(s.samples, s.sample_rate, "wav")


def _media(make, key="media/hello.wav", body=None):
    s3 = make("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key=key, Body=speech() if body is None else body)
    return s3


def _start(make, name="contract-job", **extra):
    _media(make)
    params = {"TranscriptionJobName": name, "LanguageCode": "en-US", "Media": {"MediaFileUri": MEDIA}}
    params.update(extra)
    make("transcribe").start_transcription_job(**params)
    return params


def _vocabulary(make, name="products", medical=False):
    tr = make("transcribe")
    if medical:
        s3 = _media(make)
        s3.put_object(Bucket=BUCKET, Key="vocab/medical.txt", Body=b"Phrase\tIPA\tSoundsLike\tDisplayAs\n"
                                                                   b"ibuprofen\t\t\tIbuprofen\n")
        tr.create_medical_vocabulary(VocabularyName=name, LanguageCode="en-US",
                                     VocabularyFileUri=f"s3://{BUCKET}/vocab/medical.txt")
    else:
        tr.create_vocabulary(VocabularyName=name, LanguageCode="en-US", Phrases=["SageMaker", "Textract"])
    return name


def _filter(make, name="rude"):
    make("transcribe").create_vocabulary_filter(VocabularyFilterName=name, LanguageCode="en-US",
                                                Words=["darn", "heck"])
    return name


def _medical(make, name="contract-med"):
    _media(make)
    make("transcribe").start_medical_transcription_job(
        MedicalTranscriptionJobName=name, LanguageCode="en-US", Media={"MediaFileUri": MEDIA},
        OutputBucketName=BUCKET, Specialty="PRIMARYCARE", Type="DICTATION")
    return name


def _analytics(make, name="contract-call"):
    _media(make)
    make("transcribe").start_call_analytics_job(
        CallAnalyticsJobName=name, Media={"MediaFileUri": MEDIA}, OutputLocation=f"s3://{BUCKET}/calls/")
    return name


RULES = [{"TranscriptFilter": {"TranscriptFilterType": "EXACT", "Targets": ["welcome"]}}]


def _category(make, name="greeting"):
    make("transcribe").create_call_analytics_category(CategoryName=name, Rules=RULES)
    return name


EXAMPLES = {
    "TranscribeAudio": lambda make: {"Media": {"MediaBytes": speech()}, "Language": "en"},
    "StartTranscriptionJob": lambda make: (_media(make), {
        "TranscriptionJobName": "contract-start", "LanguageCode": "en-US",
        "Media": {"MediaFileUri": MEDIA}, "Subtitles": {"Formats": ["srt", "vtt"]}})[1],
    "GetTranscriptionJob": lambda make: {"TranscriptionJobName": _start(make)["TranscriptionJobName"]},
    "ListTranscriptionJobs": lambda make: (_start(make), {"Status": "COMPLETED", "MaxResults": 5})[1],
    "DeleteTranscriptionJob": lambda make: {"TranscriptionJobName": _start(make)["TranscriptionJobName"]},
    "CreateVocabulary": lambda make: {"VocabularyName": "aws-words", "LanguageCode": "en-US",
                                      "Phrases": ["Rekognition", "Los-Angeles", "C.L.I."]},
    "GetVocabulary": lambda make: {"VocabularyName": _vocabulary(make)},
    "ListVocabularies": lambda make: (_vocabulary(make), {"StateEquals": "READY"})[1],
    "UpdateVocabulary": lambda make: {"VocabularyName": _vocabulary(make), "LanguageCode": "en-US",
                                      "Phrases": ["Kendra", "Comprehend"]},
    "DeleteVocabulary": lambda make: {"VocabularyName": _vocabulary(make)},
    "CreateMedicalVocabulary": lambda make: (_media(make).put_object(
        Bucket=BUCKET, Key="vocab/med.txt", Body=b"amoxicillin\nibuprofen\n"), {
        "VocabularyName": "meds", "LanguageCode": "en-US", "VocabularyFileUri": f"s3://{BUCKET}/vocab/med.txt"})[1],
    "GetMedicalVocabulary": lambda make: {"VocabularyName": _vocabulary(make, "med", medical=True)},
    "ListMedicalVocabularies": lambda make: (_vocabulary(make, "med", medical=True), {})[1],
    "UpdateMedicalVocabulary": lambda make: {"VocabularyName": _vocabulary(make, "med", medical=True),
                                             "LanguageCode": "en-US",
                                             "VocabularyFileUri": f"s3://{BUCKET}/vocab/medical.txt"},
    "DeleteMedicalVocabulary": lambda make: {"VocabularyName": _vocabulary(make, "med", medical=True)},
    "CreateVocabularyFilter": lambda make: {"VocabularyFilterName": "words", "LanguageCode": "en-US",
                                            "Words": ["darn"]},
    "GetVocabularyFilter": lambda make: {"VocabularyFilterName": _filter(make)},
    "ListVocabularyFilters": lambda make: (_filter(make), {"NameContains": "ru"})[1],
    "UpdateVocabularyFilter": lambda make: {"VocabularyFilterName": _filter(make), "Words": ["shoot"]},
    "DeleteVocabularyFilter": lambda make: {"VocabularyFilterName": _filter(make)},
    "TagResource": lambda make: {"ResourceArn": f"{ARN}:vocabulary/{_vocabulary(make)}",
                                 "Tags": [{"Key": "team", "Value": "support"}]},
    "UntagResource": lambda make: {"ResourceArn": f"{ARN}:vocabulary/{_vocabulary(make)}", "TagKeys": ["team"]},
    "ListTagsForResource": lambda make: {"ResourceArn": f"{ARN}:transcription-job/"
                                                        f"{_start(make, Tags=[{'Key': 'k', 'Value': 'v'}])['TranscriptionJobName']}"},
    "StartMedicalTranscriptionJob": lambda make: (_media(make), {
        "MedicalTranscriptionJobName": "contract-med-start", "LanguageCode": "en-US",
        "Media": {"MediaFileUri": MEDIA}, "OutputBucketName": BUCKET, "Specialty": "PRIMARYCARE",
        "Type": "CONVERSATION", "ContentIdentificationType": "PHI"})[1],
    "GetMedicalTranscriptionJob": lambda make: {"MedicalTranscriptionJobName": _medical(make)},
    "ListMedicalTranscriptionJobs": lambda make: (_medical(make), {"Status": "COMPLETED"})[1],
    "DeleteMedicalTranscriptionJob": lambda make: {"MedicalTranscriptionJobName": _medical(make)},
    "StartCallAnalyticsJob": lambda make: (_media(make), {
        "CallAnalyticsJobName": "contract-call-start", "Media": {"MediaFileUri": MEDIA},
        "OutputLocation": f"s3://{BUCKET}/calls/", "DataAccessRoleArn": ROLE,
        "ChannelDefinitions": [{"ChannelId": 0, "ParticipantRole": "AGENT"},
                               {"ChannelId": 1, "ParticipantRole": "CUSTOMER"}]})[1],
    "GetCallAnalyticsJob": lambda make: {"CallAnalyticsJobName": (_category(make), _analytics(make))[1]},
    "ListCallAnalyticsJobs": lambda make: (_analytics(make), {"JobNameContains": "call"})[1],
    "DeleteCallAnalyticsJob": lambda make: {"CallAnalyticsJobName": _analytics(make)},
    "CreateCallAnalyticsCategory": lambda make: {"CategoryName": "angry", "InputType": "POST_CALL", "Rules": [
        {"SentimentFilter": {"Sentiments": ["NEGATIVE"], "ParticipantRole": "CUSTOMER"}}]},
    "GetCallAnalyticsCategory": lambda make: {"CategoryName": _category(make)},
    "ListCallAnalyticsCategories": lambda make: (_category(make), {"MaxResults": 10})[1],
    "UpdateCallAnalyticsCategory": lambda make: {"CategoryName": _category(make), "Rules": [
        {"NonTalkTimeFilter": {"Threshold": 5000}}]},
    "DeleteCallAnalyticsCategory": lambda make: {"CategoryName": _category(make)},
}

ERRORS = [
    ("TranscribeAudio", lambda make: {"Media": {"MediaBytes": speech()}, "Language": "fr"},
     "BadRequestException"),
    ("TranscribeAudio", lambda make: {"Media": {"MediaBytes": b"not audio at all" * 10}, "Language": "en"},
     "BadRequestException"),
    ("StartTranscriptionJob", lambda make: _start(make), "ConflictException"),
    ("StartTranscriptionJob", lambda make: (make("s3").create_bucket(Bucket=BUCKET), {
        "TranscriptionJobName": "missing", "LanguageCode": "en-US",
        "Media": {"MediaFileUri": f"s3://{BUCKET}/no/such.wav"}})[1], "BadRequestException"),
    ("StartTranscriptionJob", lambda make: (_media(make), {
        "TranscriptionJobName": "french", "LanguageCode": "fr-FR",
        "Media": {"MediaFileUri": MEDIA}})[1], "BadRequestException"),
    ("GetTranscriptionJob", lambda make: {"TranscriptionJobName": "never-started"}, "BadRequestException"),
    ("ListTranscriptionJobs", lambda make: {"NextToken": "not-a-token"}, "BadRequestException"),
    ("DeleteTranscriptionJob", lambda make: {"TranscriptionJobName": "never-started"}, "BadRequestException"),
    ("CreateVocabulary", lambda make: (_vocabulary(make), {"VocabularyName": "products", "LanguageCode": "en-US",
                                                           "Phrases": ["again"]})[1], "ConflictException"),
    ("CreateVocabulary", lambda make: {"VocabularyName": "both", "LanguageCode": "en-US"}, "BadRequestException"),
    ("GetVocabulary", lambda make: {"VocabularyName": "nope"}, "BadRequestException"),
    ("ListVocabularies", lambda make: {"StateEquals": "DONE"}, "BadRequestException"),
    ("UpdateVocabulary", lambda make: {"VocabularyName": "nope", "LanguageCode": "en-US", "Phrases": ["a"]},
     "BadRequestException"),
    ("DeleteVocabulary", lambda make: {"VocabularyName": "nope"}, "NotFoundException"),
    ("CreateMedicalVocabulary", lambda make: {"VocabularyName": "m", "LanguageCode": "en-US",
                                              "VocabularyFileUri": f"s3://{BUCKET}-none/v.txt"}, "BadRequestException"),
    ("GetMedicalVocabulary", lambda make: {"VocabularyName": "nope"}, "BadRequestException"),
    ("ListMedicalVocabularies", lambda make: {"StateEquals": "DONE"}, "BadRequestException"),
    ("UpdateMedicalVocabulary", lambda make: {"VocabularyName": "nope", "LanguageCode": "en-US",
                                              "VocabularyFileUri": f"s3://{BUCKET}/v.txt"}, "BadRequestException"),
    ("DeleteMedicalVocabulary", lambda make: {"VocabularyName": "nope"}, "NotFoundException"),
    ("CreateVocabularyFilter", lambda make: {"VocabularyFilterName": "f", "LanguageCode": "en-US",
                                             "Words": ["two words"]}, "BadRequestException"),
    ("GetVocabularyFilter", lambda make: {"VocabularyFilterName": "nope"}, "BadRequestException"),
    ("ListVocabularyFilters", lambda make: {"NextToken": "bad"}, "BadRequestException"),
    ("UpdateVocabularyFilter", lambda make: {"VocabularyFilterName": "nope", "Words": ["a"]}, "BadRequestException"),
    ("DeleteVocabularyFilter", lambda make: {"VocabularyFilterName": "nope"}, "NotFoundException"),
    ("TagResource", lambda make: {"ResourceArn": f"{ARN}:vocabulary/nope", "Tags": [{"Key": "a", "Value": "b"}]},
     "NotFoundException"),
    ("UntagResource", lambda make: {"ResourceArn": "arn:aws:s3:::bucket", "TagKeys": ["a"]}, "BadRequestException"),
    ("ListTagsForResource", lambda make: {"ResourceArn": f"{ARN}:transcription-job/nope"}, "NotFoundException"),
    ("StartMedicalTranscriptionJob", lambda make: (_medical(make), {
        "MedicalTranscriptionJobName": "contract-med", "LanguageCode": "en-US", "Media": {"MediaFileUri": MEDIA},
        "OutputBucketName": BUCKET, "Specialty": "PRIMARYCARE", "Type": "DICTATION"})[1], "ConflictException"),
    ("StartMedicalTranscriptionJob", lambda make: (_media(make), {
        "MedicalTranscriptionJobName": "med-es", "LanguageCode": "es-US", "Media": {"MediaFileUri": MEDIA},
        "OutputBucketName": BUCKET, "Specialty": "PRIMARYCARE", "Type": "DICTATION"})[1], "BadRequestException"),
    ("GetMedicalTranscriptionJob", lambda make: {"MedicalTranscriptionJobName": "nope"}, "BadRequestException"),
    ("ListMedicalTranscriptionJobs", lambda make: {"Status": "DONE"}, "BadRequestException"),
    ("DeleteMedicalTranscriptionJob", lambda make: {"MedicalTranscriptionJobName": "nope"}, "BadRequestException"),
    ("StartCallAnalyticsJob", lambda make: (_media(make), {
        "CallAnalyticsJobName": "bad-roles", "Media": {"MediaFileUri": MEDIA},
        "ChannelDefinitions": [{"ChannelId": 0, "ParticipantRole": "AGENT"},
                               {"ChannelId": 1, "ParticipantRole": "AGENT"}]})[1], "BadRequestException"),
    ("GetCallAnalyticsJob", lambda make: {"CallAnalyticsJobName": "nope"}, "BadRequestException"),
    ("ListCallAnalyticsJobs", lambda make: {"NextToken": "bad"}, "BadRequestException"),
    ("DeleteCallAnalyticsJob", lambda make: {"CallAnalyticsJobName": "nope"}, "BadRequestException"),
    ("CreateCallAnalyticsCategory", lambda make: (_category(make), {"CategoryName": "greeting", "Rules": RULES})[1],
     "ConflictException"),
    ("GetCallAnalyticsCategory", lambda make: {"CategoryName": "nope"}, "NotFoundException"),
    ("ListCallAnalyticsCategories", lambda make: {"NextToken": "bad"}, "BadRequestException"),
    ("UpdateCallAnalyticsCategory", lambda make: {"CategoryName": "nope", "Rules": RULES}, "NotFoundException"),
    ("DeleteCallAnalyticsCategory", lambda make: {"CategoryName": "nope"}, "NotFoundException"),
]
