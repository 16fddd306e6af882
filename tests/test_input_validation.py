"""The simulator checks each request against its input shape's own constraints (max, enum,
pattern), as AWS does server-side, before any handler runs: the modelled error, never a handler
working with (or echoing back) a value the real service refuses."""
import pytest
from botocore.exceptions import ClientError

from awsml_study.sim.validate import input_problems, validation_code


def error_of(call, **params):
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]


def test_enum_max_and_pattern_are_refused_with_aws_wording(aws):
    rek = aws("rekognition")
    err = error_of(rek.detect_labels, Image={"Bytes": b"x" * 100}, Features=["GENERAL_LABELS", "NOPE"])
    assert err["Code"] == "InvalidParameterException"  # Rekognition's code for a bad parameter
    assert err["Message"] == ("1 validation error detected: Value 'NOPE' at 'features.2.member' failed to "
                              "satisfy constraint: Member must satisfy enum value set: "
                              "[GENERAL_LABELS, IMAGE_PROPERTIES]")
    err = error_of(rek.detect_labels, Image={"S3Object": {"Bucket": "b\u00fccket", "Name": "x.png"}})
    assert err["Code"] == "InvalidParameterException" and "'image.s3Object.bucket'" in err["Message"]
    assert "regular expression pattern" in err["Message"]
    err = error_of(rek.create_collection, CollectionId="c" * 256)
    assert "Member must have length less than or equal to 255" in err["Message"]


def test_several_problems_are_counted(aws):
    comprehend = aws("comprehend")
    err = error_of(comprehend.start_sentiment_detection_job,
                   InputDataConfig={"S3Uri": "s3://bucket/in/", "InputFormat": "ONE_LINE"},
                   OutputDataConfig={"S3Uri": "s3://bucket/out/"}, LanguageCode="en", VpcConfig={"SecurityGroupIds": ["sg-1"], "Subnets": ["s" * 40]},
                   DataAccessRoleArn="arn:aws:iam::123456789012:role/r")
    assert err["Message"].startswith("2 validation errors detected: ")


def test_transcribe_answers_its_own_code(aws):
    transcribe = aws("transcribe")
    err = error_of(transcribe.create_medical_vocabulary, VocabularyName="v" * 201, LanguageCode="en-US",
                   VocabularyFileUri="s3://bucket/terms.txt")
    assert err["Code"] == "BadRequestException" == validation_code("transcribe")
    assert "'vocabularyName'" in err["Message"] and "less than or equal to 200" in err["Message"]


def test_out_of_range_numbers_are_refused_not_echoed(aws):
    polly = aws("polly")
    err = error_of(polly.synthesize_speech, Text="hi", VoiceId="Joanna", OutputFormat="pcm",
                   LexiconNames=["a", "b", "c", "d", "e", "f"])
    assert err["Code"] == "ValidationException" and "'lexiconNames'" in err["Message"]


def test_sensitive_values_are_not_repeated_in_the_message():
    from botocore.model import StringShape

    from awsml_study.sim.validate import _check
    secret = StringShape("Secret", {"type": "string", "max": 3, "sensitive": True})
    plain = StringShape("Plain", {"type": "string", "max": 3})
    problems = []
    _check("hunter2", secret, "password", problems, 0)
    _check("toolong", plain, "name", problems, 0)
    assert problems == ["Value at 'password' failed to satisfy constraint: Member must have length "
                        "less than or equal to 3",
                        "Value 'toolong' at 'name' failed to satisfy constraint: Member must have "
                        "length less than or equal to 3"]


def test_language_codes_are_left_to_the_service(aws):
    comprehend = aws("comprehend")
    err = error_of(comprehend.detect_sentiment, Text="Hej, vad fint det är idag!", LanguageCode="sv")
    assert err["Code"] == "UnsupportedLanguageException"


def test_a_valid_request_has_no_problems():
    import botocore.session
    model = botocore.session.get_session().get_service_model("rekognition").operation_model("DetectLabels")
    assert input_problems({"Image": {"S3Object": {"Bucket": "my-bucket", "Name": "a b/c.png"}},
                           "MaxLabels": 10, "Features": ["GENERAL_LABELS"]}, model) == []
