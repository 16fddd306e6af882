"""Representative valid calls and error cases for every simulated Polly operation."""
BUCKET = "contract-polly"
PLS = """<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
         alphabet="ipa" xml:lang="en-US">
  <lexeme><grapheme>W3C</grapheme><alias>World Wide Web Consortium</alias></lexeme>
</lexicon>"""
ARN = "arn:aws:polly:us-east-1:123456789012:lexicon/"


def _lexicon(make, name="contract"):
    make("polly").put_lexicon(Name=name, Content=PLS)
    return name


def _bucket(make):
    make("s3").create_bucket(Bucket=BUCKET)
    return BUCKET


def _task(make):
    task = make("polly").start_speech_synthesis_task(
        Text="Hello from a task.", VoiceId="Joanna", OutputFormat="mp3", OutputS3BucketName=_bucket(make))
    return {"TaskId": task["SynthesisTask"]["TaskId"]}


EXAMPLES = {
    "SynthesizeSpeech": lambda make: {"Text": "Hello world.", "VoiceId": "Joanna", "OutputFormat": "mp3"},
    "DescribeVoices": lambda make: {"LanguageCode": "en-US"},
    "PutLexicon": lambda make: {"Name": "contract", "Content": PLS},
    "GetLexicon": lambda make: {"Name": _lexicon(make)},
    "ListLexicons": lambda make: {} if _lexicon(make) else {},
    "DeleteLexicon": lambda make: {"Name": _lexicon(make)},
    "StartSpeechSynthesisTask": lambda make: {"Text": "Hello.", "VoiceId": "Matthew", "OutputFormat": "ogg_vorbis",
                                              "OutputS3BucketName": _bucket(make), "OutputS3KeyPrefix": "out/"},
    "GetSpeechSynthesisTask": _task,
    "ListSpeechSynthesisTasks": lambda make: {"MaxResults": 10} if _task(make) else {},
    "TagResource": lambda make: {"ResourceArn": ARN + _lexicon(make), "Tags": {"team": "ml"}},
    "UntagResource": lambda make: {"ResourceArn": ARN + _lexicon(make), "TagKeys": ["team"]},
    "ListTagsForResource": lambda make: {"ResourceArn": ARN + _lexicon(make)},
}

ERRORS = [
    ("SynthesizeSpeech", lambda make: {"Text": "Hi", "VoiceId": "Nobody", "OutputFormat": "mp3"},
     "ValidationException"),
    ("SynthesizeSpeech", lambda make: {"Text": "<speak>Hi", "TextType": "ssml", "VoiceId": "Joanna",
                                       "OutputFormat": "mp3"}, "InvalidSsmlException"),
    ("SynthesizeSpeech", lambda make: {"Text": "Hi", "VoiceId": "Joanna", "OutputFormat": "pcm",
                                       "SampleRate": "22050"}, "InvalidSampleRateException"),
    ("SynthesizeSpeech", lambda make: {"Text": "word " * 700, "VoiceId": "Joanna", "OutputFormat": "mp3"},
     "TextLengthExceededException"),
    ("SynthesizeSpeech", lambda make: {"Text": "Hi", "VoiceId": "Kevin", "OutputFormat": "mp3",
                                       "Engine": "standard"}, "EngineNotSupportedException"),
    ("SynthesizeSpeech", lambda make: {"Text": "Hi", "VoiceId": "Joanna", "OutputFormat": "mp3",
                                       "SpeechMarkTypes": ["word"]}, "MarksNotSupportedForFormatException"),
    ("SynthesizeSpeech", lambda make: {"Text": "Hi", "VoiceId": "Joanna", "OutputFormat": "json",
                                       "SpeechMarkTypes": ["ssml"]}, "SsmlMarksNotSupportedForTextTypeException"),
    ("SynthesizeSpeech", lambda make: {"Text": "Hi", "VoiceId": "Joanna", "OutputFormat": "mp3",
                                       "LexiconNames": ["missing"]}, "LexiconNotFoundException"),
    ("SynthesizeSpeech", lambda make: {"Text": "Hi", "VoiceId": "Joanna", "OutputFormat": "mp3",
                                       "LanguageCode": "fr-FR"}, "LanguageNotSupportedException"),
    ("DescribeVoices", lambda make: {"NextToken": "not-a-token"}, "InvalidNextTokenException"),
    ("PutLexicon", lambda make: {"Name": "bad", "Content": "<lexicon"}, "InvalidLexiconException"),
    ("PutLexicon", lambda make: {"Name": "bad", "Content": PLS.replace('"ipa"', '"klingon"')},
     "UnsupportedPlsAlphabetException"),
    ("PutLexicon", lambda make: {"Name": "bad", "Content": PLS.replace("en-US", "xx-XX")},
     "UnsupportedPlsLanguageException"),
    ("PutLexicon", lambda make: {"Name": "big", "Content": PLS + " " * 4000}, "LexiconSizeExceededException"),
    ("PutLexicon", lambda make: {"Name": "long", "Content": PLS.replace("World Wide", "x" * 120)},
     "MaxLexemeLengthExceededException"),
    ("GetLexicon", lambda make: {"Name": "missing"}, "LexiconNotFoundException"),
    ("DeleteLexicon", lambda make: {"Name": "missing"}, "LexiconNotFoundException"),
    ("ListLexicons", lambda make: {"NextToken": "not-a-token"}, "InvalidNextTokenException"),
    ("StartSpeechSynthesisTask", lambda make: {"Text": "Hi", "VoiceId": "Joanna", "OutputFormat": "mp3",
                                               "OutputS3BucketName": "no-such-bucket"}, "InvalidS3BucketException"),
    ("StartSpeechSynthesisTask", lambda make: {"Text": "Hi", "VoiceId": "Joanna", "OutputFormat": "mp3",
                                               "OutputS3BucketName": _bucket(make),
                                               "SnsTopicArn": "arn:aws:sns:us-east-1:123456789012:missing"},
     "InvalidSnsTopicArnException"),
    ("StartSpeechSynthesisTask", lambda make: {"Text": "Hi", "VoiceId": "Joanna", "OutputFormat": "mp3",
                                               "OutputS3BucketName": _bucket(make), "OutputS3KeyPrefix": "bad key"},
     "InvalidS3KeyException"),
    ("GetSpeechSynthesisTask", lambda make: {"TaskId": "no-such-task"}, "SynthesisTaskNotFoundException"),
    ("GetSpeechSynthesisTask", lambda make: {"TaskId": "bad id!"}, "InvalidTaskIdException"),
    ("ListSpeechSynthesisTasks", lambda make: {"NextToken": "not-a-token"}, "InvalidNextTokenException"),
    ("TagResource", lambda make: {"ResourceArn": ARN + "missing", "Tags": {"a": "b"}}, "ResourceNotFoundException"),
    ("UntagResource", lambda make: {"ResourceArn": ARN + "missing", "TagKeys": ["a"]}, "ResourceNotFoundException"),
    ("ListTagsForResource", lambda make: {"ResourceArn": ARN + "missing"}, "ResourceNotFoundException"),
]
