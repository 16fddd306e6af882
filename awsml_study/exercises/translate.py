"""Self-checks for notebooks/04_translate.ipynb."""
from __future__ import annotations

from awsml_study.exercises.feedback import blank, say

MAX_BYTES = 10_000


def check_terminology(client, csv_text: str) -> bool:
    """Exercise 1: a CSV terminology that keeps 'TrailForge' as is and renders 'boots' as 'botas de trilha'."""
    from botocore.exceptions import ClientError
    if blank(csv_text):
        return False
    data = csv_text.encode("utf-8") if isinstance(csv_text, str) else csv_text
    try:
        client.import_terminology(Name="exercise-1", MergeStrategy="OVERWRITE",
                                  TerminologyData={"File": data, "Format": "CSV"})
        out = client.translate_text(Text="The new TrailForge boots are light.", SourceLanguageCode="en",
                                    TargetLanguageCode="pt", TerminologyNames=["exercise-1"])
    except ClientError as err:
        return say(False, "", f"Translate refused it: {err.response['Error']['Code']}: "
                               f"{err.response['Error']['Message']}")
    applied = {t["SourceText"]: t["TargetText"] for t in out["AppliedTerminologies"][0]["Terms"]}
    ok = applied.get("TrailForge") == "TrailForge" and applied.get("boots") == "botas de trilha"
    return say(ok, f"Translated: {out['TranslatedText']!r}; applied {applied}.",
               "The first row names the languages (en,pt); then one row per term: source,target. "
               f"Applied so far: {applied or 'nothing'}.")


def check_byte_count(text: str, answer) -> bool:
    """Exercise 2: how many bytes TranslateText counts for `text` (its UTF-8 encoding)."""
    if blank(answer) if not isinstance(answer, int) else False:
        return False
    size = len(text.encode("utf-8"))
    return say(answer == size, f"{size} bytes for {len(text)} characters: "
                                f"{'within' if size <= MAX_BYTES else 'over'} the 10,000-byte limit.",
               "Translate counts UTF-8 bytes, not characters: len(text.encode('utf-8')).")


def check_chunks(text: str, chunks) -> bool:
    """Exercise 2b: pieces of `text`, each at most 10,000 bytes, that join back into the text."""
    if blank(chunks):
        return False
    chunks = list(chunks)
    sizes = [len(c.encode("utf-8")) for c in chunks]
    ok = "".join(chunks) == text and all(0 < s <= MAX_BYTES for s in sizes)
    return say(ok, f"{len(chunks)} chunks of {', '.join(map(str, sizes))} bytes.",
               "Every chunk must be 1–10,000 UTF-8 bytes, and the chunks must join back into the text.")


def check_output_key(s3, bucket: str, job_id: str, answer: str) -> bool:
    """Exercise 3: the S3 key of the Portuguese translation of 'welcome.txt' written by a batch job."""
    if blank(answer):
        return False
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    expected = next((k for k in keys if job_id in k and k.endswith("/pt.welcome.txt")), None)
    return say(answer == expected, f"Right: {expected}",
               "The job writes <output prefix><account>-TranslateText-<job id>/<target>.<file name>.")
