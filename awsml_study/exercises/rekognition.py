"""Self-checks for notebooks/01_rekognition.ipynb."""
from __future__ import annotations

from awsml_study.exercises.feedback import blank, say, table


def check_face_search(client, collection_id: str, query: bytes, answer_face_id: str) -> bool:
    """Exercise 1: the FaceId in the collection that best matches the face in `query`."""
    from botocore.exceptions import ClientError
    if blank(answer_face_id):
        return False
    try:
        matches = client.search_faces_by_image(CollectionId=collection_id, Image={"Bytes": query},
                                               FaceMatchThreshold=0, MaxFaces=5)["FaceMatches"]
    except ClientError as err:
        return say(False, "", f"Searching {collection_id!r} fails with {err.response['Error']['Code']}: "
                               f"create the collection and index the group photo into it first.")
    best = matches[0]["Face"] if matches else None
    ok = best is not None and answer_face_id == best["FaceId"]
    return say(ok, f"Right: {best and best['FaceId']} ({best and best.get('ExternalImageId')}), "
                    f"similarity {matches[0]['Similarity']:.1f}." if ok else "",
               "Not that one: call search_faces_by_image with the query bytes and take "
               "FaceMatches[0]['Face']['FaceId'] (matches come sorted by Similarity).")


def check_pixels(box: dict, width: int, height: int, answer) -> bool:
    """Exercise 2: a relative BoundingBox as (left, top, right, bottom) pixels."""
    if blank(answer):
        return False
    expected = (round(box["Left"] * width), round(box["Top"] * height),
                round((box["Left"] + box["Width"]) * width), round((box["Top"] + box["Height"]) * height))
    ok = isinstance(answer, (tuple, list)) and len(answer) == 4 and all(abs(a - e) <= 1 for a, e in zip(answer, expected))
    return say(ok, f"{expected}: ratios times the picture's width and height.",
               f"Expected {expected}: left = Left x width, top = Top x height, "
               f"right = (Left + Width) x width, bottom = (Top + Height) x height.")


def check_word_count(response: dict, answer: int) -> bool:
    """Exercise 3: how many WORD detections DetectText returned (LINEs do not count)."""
    if blank(answer):
        return False
    expected = sum(1 for d in response["TextDetections"] if d["Type"] == "WORD")
    return say(answer == expected, f"{expected} words (and "
               f"{sum(1 for d in response['TextDetections'] if d['Type'] == 'LINE')} lines).",
               f"Expected {expected}: count detections whose Type is 'WORD'; every word also "
               f"appears inside a LINE, so counting all detections counts it twice.")


CHOICES = {
    "read the total from 3,000 scanned multi-page invoices (PDF)": "Textract",
    "find your company's logo on product photos": "Custom Labels",
    "read a licence-plate number on a car photo": "DetectText",
    "tag holiday photos with 'beach', 'dog', 'sunset'": "DetectLabels",
    "check that an employee at a door is the person on file": "CompareFaces",
    "a model combining photos with sales data to predict returns": "SageMaker AI",
}


def check_choices(answers: dict[str, str]) -> bool:
    """Exercise 5: which service or operation for each task."""
    return table(answers, CHOICES, "task(s)",
                 "All right: documents go to Textract, your own objects to Custom Labels, "
                 "text in photos to DetectText, your own model to SageMaker AI.",
                 lambda wrong: "Look again at: " + "; ".join(f"{t!r} -> {r}" for t, r in wrong.items()))


def check_threshold(client, source: bytes, target: bytes, threshold: float) -> bool:
    """Exercise 4: a SimilarityThreshold that keeps the real match and drops the other face."""
    from botocore.exceptions import ClientError, ParamValidationError
    if blank(threshold):
        return False
    try:
        out = client.compare_faces(SourceImage={"Bytes": source}, TargetImage={"Bytes": target},
                                   SimilarityThreshold=threshold)
    except (ClientError, ParamValidationError) as err:
        return say(False, "", f"CompareFaces refuses SimilarityThreshold={threshold!r} ({err}); "
                               "give a number from 0 to 100.")
    ok = len(out["FaceMatches"]) == 1
    scores = sorted([m["Similarity"] for m in client.compare_faces(
        SourceImage={"Bytes": source}, TargetImage={"Bytes": target},
        SimilarityThreshold=0)["FaceMatches"]], reverse=True)
    return say(ok, f"Threshold {threshold} keeps one match (similarities were {scores}).",
               f"With {threshold} you get {len(out['FaceMatches'])} matches; the similarities "
               f"are {scores}: pick a value between the best and the second best.")


def upload_logo_dataset(s3, bucket: str, prefix: str = "logos", per_class: int = 15,
                        seed: int = 0) -> str:
    """Draw a labelled logo dataset into S3 with its Ground Truth manifest; returns the manifest key.

    Each manifest line is an image-classification row, as a Ground Truth labelling job writes it:
    source-ref, the class index under the label attribute, and class-name in its metadata.
    """
    import json
    import random

    from awsml_study.engines.vision import image, image_classifier

    rng = random.Random(seed)
    s3.create_bucket(Bucket=bucket)
    lines = []
    for index, kind in enumerate(image_classifier.LOGOS):
        for n in range(per_class):
            key = f"{prefix}/images/{kind}_{n:03d}.png"
            s3.put_object(Bucket=bucket, Key=key, Body=image.encode_png(image_classifier.logo_picture(kind, rng)))
            lines.append({"source-ref": f"s3://{bucket}/{key}", "logo": index,
                          "logo-metadata": {"class-name": kind, "confidence": 1.0,
                                            "type": "groundtruth/image-classification",
                                            "human-annotated": "yes",
                                            "creation-date": "2026-11-21T06:00:00.000000",
                                            "job-name": "labeling-job/logos"}})
    rng.shuffle(lines)
    manifest = f"{prefix}/train.manifest"
    s3.put_object(Bucket=bucket, Key=manifest, Body="\n".join(json.dumps(line) for line in lines).encode())
    return manifest


def check_text_seconds(client, job_id: str, answer) -> bool:
    """Exercise 6: the seconds of the video (whole seconds from the start) where text is on screen."""
    if blank(answer):
        return False
    items, token = [], None
    while True:
        page = client.get_text_detection(JobId=job_id, **({"NextToken": token} if token else {}))
        items += page["TextDetections"]
        token = page.get("NextToken")
        if not token:
            break
    expected = sorted({d["Timestamp"] // 1000 for d in items})
    try:
        ok = sorted(answer) == expected
    except TypeError:
        ok = False
    return say(ok, f"Text is on screen at seconds {expected}.",
               f"Expected {expected}: collect every page of get_text_detection, then the distinct "
               f"Timestamp // 1000 values (timestamps are milliseconds).")


# ----- IAM: how a policy document decides one action (moto stores policies but does not evaluate them)

def _listed(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def policy_decision(document: dict | str, action: str, resource: str = "*") -> str:
    """'allowed', 'explicitDeny' or 'implicitDeny' (IAM's EvalDecision words) for one action.

    An explicit Deny in any matching statement wins; otherwise a matching Allow allows; otherwise
    the request is denied implicitly. Handles Action/NotAction and Resource with * and ? wildcards
    (no Condition blocks: a statement with a Condition is reported, not guessed).
    """
    import fnmatch
    import json

    doc = json.loads(document) if isinstance(document, str) else document
    allowed = False
    for statement in _listed(doc.get("Statement")):
        if statement.get("Condition"):
            raise ValueError("this helper does not evaluate Condition blocks")
        if "NotAction" in statement:
            hit = not any(fnmatch.fnmatchcase(action.lower(), a.lower())
                          for a in _listed(statement["NotAction"]))
        else:
            hit = any(fnmatch.fnmatchcase(action.lower(), a.lower())
                      for a in _listed(statement.get("Action")))
        hit = hit and any(fnmatch.fnmatchcase(resource, r) for r in _listed(statement.get("Resource", "*")))
        if hit and statement.get("Effect") == "Deny":
            return "explicitDeny"
        allowed = allowed or (hit and statement.get("Effect") == "Allow")
    return "allowed" if allowed else "implicitDeny"


POLICY_CASES = {"rekognition:DetectModerationLabels": "allowed", "rekognition:DetectLabels": "allowed",
                "rekognition:IndexFaces": "explicitDeny", "rekognition:CreateCollection": "explicitDeny",
                "rekognition:SearchFacesByImage": "implicitDeny"}


def check_policy(document: dict) -> bool:
    """Exercise 7: a moderation function's policy (allow two Detect* calls, deny collection writes)."""
    if blank(document):
        return False
    try:
        got = {action: policy_decision(document, action) for action in POLICY_CASES}
    except (ValueError, TypeError, AttributeError) as err:
        return say(False, "", f"That is not a policy document this check can read ({err}): "
                               "a dict with 'Version' and a list of 'Statement's.")
    wrong = {a: (got[a], want) for a, want in POLICY_CASES.items() if got[a] != want}
    return say(not wrong, "Least privilege: two operations allowed, collection writes denied "
                           "explicitly, everything else denied by default.",
               "Not yet: " + "; ".join(f"{a} is {g}, want {w}" for a, (g, w) in wrong.items()))
