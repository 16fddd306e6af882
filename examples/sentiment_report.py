"""A plain boto3 program with no awsml-study code in it: it runs unchanged against real AWS,
or offline with `awsml-study run examples/sentiment_report.py "some text" "more text"`.

Offline, the answer comes from the kit's local sentiment engine, not from Comprehend's model: it
can be wrong, most often on short sentences without an emotional word (it rates "The bus was late
again." POSITIVE). The scores printed beside each label show how sure it was.
"""
import sys

import boto3

comprehend = boto3.client("comprehend", region_name="us-east-1")
texts = sys.argv[1:] or ["I love this kit.", "The bus was late again and I missed my train."]
for text in texts:
    result = comprehend.detect_sentiment(Text=text, LanguageCode="en")
    scores = result["SentimentScore"]
    print(f"{result['Sentiment']:<8} positive {scores['Positive']:.2f}  negative {scores['Negative']:.2f}"
          f"  {text}")
sys.exit(0 if texts else 1)
