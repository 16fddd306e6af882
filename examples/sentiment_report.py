"""A plain boto3 program with no awsml-study code in it: it runs unchanged against real AWS,
or offline with `awsml-study run examples/sentiment_report.py "some text" "more text"`."""
import sys

import boto3

comprehend = boto3.client("comprehend", region_name="us-east-1")
texts = sys.argv[1:] or ["I love this kit.", "The bus was late again."]
for text in texts:
    result = comprehend.detect_sentiment(Text=text, LanguageCode="en")
    print(f"{result['Sentiment']:<8} {text}")
sys.exit(0 if texts else 1)
