"""Self-checks for notebooks/02_transcribe.ipynb."""
from __future__ import annotations

import json
from awsml_study.exercises.feedback import NOT_ANSWERED, blank, say


def _json(s3, bucket: str, key: str) -> dict:
    return json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())


def check_least_confident(transcript: dict, answer: str) -> bool:
    """Exercise 1: the recognised word with the lowest confidence in a transcript document."""
    if blank(answer):
        return False
    words = [(float(i["alternatives"][0]["confidence"]), i["alternatives"][0]["content"])
             for i in transcript["results"]["items"] if i["type"] == "pronunciation"]
    lowest = min(words)[0]
    candidates = {w for c, w in words if c == lowest}
    return say(answer in candidates,
               f"'{answer}' has the lowest confidence, {lowest:.2f}.",
               "Look only at items of type 'pronunciation' and compare float(alternatives[0]['confidence']).")


def check_subtitles(s3, bucket: str, key: str, transcribe=None, job_name: str | None = None) -> bool:
    """Exercise 2: an SRT file at s3://bucket/key whose first cue is numbered 1.

    With `transcribe` and `job_name` the job is looked at first (which also lets it finish).
    """
    from botocore.exceptions import ClientError
    if transcribe is not None and job_name:
        try:
            transcribe.get_transcription_job(TranscriptionJobName=job_name)
        except ClientError:
            print(f"⏳ {NOT_ANSWERED}: there is no transcription job {job_name!r} yet.")
            return False
    try:
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode()
    except ClientError:
        return say(False, "", f"There is no s3://{bucket}/{key}: name the job so that its .srt lands "
                               "there (OutputKey ending in '/' puts <job name>.srt in that folder).")
    return say(body.startswith("1\n") and "-->" in body,
               "SubRip subtitles numbered from 1, written beside the transcript.",
               "The file exists but does not start at cue 1: set Subtitles={'Formats': ['srt'], "
               "'OutputStartIndex': 1}.")


def check_vocabulary(transcribe, s3, bucket: str, job_name: str, word: str) -> bool:
    """Exercise 3: a COMPLETED job whose transcript contains `word` thanks to a custom vocabulary."""
    from botocore.exceptions import ClientError
    try:
        job = transcribe.get_transcription_job(TranscriptionJobName=job_name)["TranscriptionJob"]
    except ClientError:
        print(f"⏳ {NOT_ANSWERED}: there is no transcription job {job_name!r} yet.")
        return False
    if job["TranscriptionJobStatus"] != "COMPLETED":
        return say(False, "", f"The job is {job['TranscriptionJobStatus']}: {job.get('FailureReason', '')}")
    if not (job.get("Settings") or {}).get("VocabularyName"):
        return say(False, "", "Pass Settings={'VocabularyName': ...} when you start the job.")
    key = job["Transcript"]["TranscriptFileUri"].split(f"/{bucket}/", 1)[-1]
    text = _json(s3, bucket, key)["results"]["transcripts"][0]["transcript"]
    return say(word in text, f"The transcript now says {word}: {text}",
               f"'{word}' is still missing from: {text}. Is the phrase spelled as it should be shown?")


def check_longest_talker(call: dict, answer: str) -> bool:
    """Exercise 4: which participant talked longer in a Call Analytics output document."""
    if blank(answer):
        return False
    talk = call["ConversationCharacteristics"]["TalkTime"]["DetailsByParticipant"]
    longest = max(talk, key=lambda r: talk[r]["TotalTimeMillis"])
    return say(answer == longest, f"The {longest} talked for {talk[longest]['TotalTimeMillis'] / 1000:.1f} s.",
               "Compare ConversationCharacteristics.TalkTime.DetailsByParticipant[role].TotalTimeMillis.")


def check_failed_jobs(transcribe, answer: list[str]) -> bool:
    """Exercise 5: the names of every FAILED transcription job, across all pages."""
    if blank(answer):
        return False
    names, token = [], None
    while True:
        page = transcribe.list_transcription_jobs(Status="FAILED", MaxResults=1,
                                                  **({"NextToken": token} if token else {}))
        names += [j["TranscriptionJobName"] for j in page["TranscriptionJobSummaries"]]
        token = page.get("NextToken")
        if not token:
            break
    return say(sorted(map(str, answer)) == sorted(names), f"{len(names)} failed job(s): {', '.join(sorted(names))}.",
               "Use Status='FAILED' and follow NextToken until it is absent (the default page is 5 jobs).")
