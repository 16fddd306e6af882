"""Rekognition through the simulator: face detection time per picture, and face-match quality.

Timing: engines.faces.detect (boxes, eyes, landmarks, pose, quality, smile) on each sample picture
and on a 1920 x 1080 picture, median of several runs, against the goal of 100 ms per picture.
Baseline, measured in the same run: decoding the same picture with Pillow (the least any engine
must do; moto has no DetectFaces to compare with). The full boto3 DetectFaces round trip through
the simulator is shown beside it.
Quality: resized, cropped and re-encoded copies of indexed faces searched in a collection
(rank-1 hits and the similarity gap to the best other face), on the drawn portraits and on real
public-domain photographs (Grace Hopper, Eileen Collins, the cameraman).
Recall on real photographs (detection()): group scenes composed by face_scenes.py from those
photographs (sizes, faces down to AWS's 40 px in 1920 x 1080, +-15 degree turns, lighting), and
face-free photographs; per picture and per face-size bucket the faces found, the false faces and
the CPU time, for the engine (dlib HOG at 2x, face_boxes.find) and, in the same run, two baselines:
the same detector as it scanned before the small-face change (dlib_before) and the kit's first
detector (Haar cascade on a 400 px copy, face_boxes.haar_faces). Why dlib's HOG detector won:
face_boxes.py.

Last detection run: new recall 135/168 (the first 48 scenes 118/144), 0 false faces per picture;
dlib_before 100/168 (100/144), 0; haar 33/168, 0.13. AWS-minimum buckets new / before: 40 px in
1920 x 1080 17/24 / 0/24, 48 px in 1920 x 1080 20/24 / 3/24, 44 px in 1280 x 853 17/24 / 21/24
(the cameraman's turned face, found at some scales and not others), 40 px in 800 x 600 18/24 /
17/24. CPU time new / before per picture median 1.13x (0.79-2.27x; 1.8-2.0x on 1920 px pictures).
Timing (faces.detect on the kit's sample pictures, load ~4): median 94.5 ms CPU; in a separate
comparison with dlib_before swapped in, 0.79-1.04x its CPU time on the samples up to 640 x 780 px
(grey is cheaper than colour) and 1.81x on group_1920x1080.jpg. Search rank-1 20/25 copies
(grace, collins, ana, ben 5/5 each; the cameraman 0/5: his turned face is not detected, so nothing
is indexed).

Run: .venv/bin/python benchmarks/bench_rekognition.py [timing|detection|quality]
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "data" / "rekognition"
GOAL_MS = 100.0
REAL = ("grace", "collins", "camera")   # photographs; ana and ben are drawn


def median_ms(func, runs: int = 7) -> float:
    return timed(func, runs)[0]


def timed(func, runs: int = 7) -> tuple[float, float]:
    """Median wall-clock ms and median CPU ms of this process (all its threads) over `runs`.

    CPU time is what the engine itself costs; wall time also counts waiting for a core while
    other processes run, so on a busy machine it is the larger of the two.
    """
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def pictures() -> dict[str, bytes]:
    import cv2

    from awsml_study.engines.vision import image
    found = {p.name: p.read_bytes() for p in sorted(DATA.glob("*.png"))}
    found["grace_hopper.jpg"] = (DATA / "celebrities" / "grace_hopper.jpg").read_bytes()
    group = image.decode(found["group.png"])
    found["group_1920x1080.jpg"] = image.encode_jpeg(cv2.resize(group, (1920, 1080)))
    return found


def timing() -> None:
    import boto3

    import awsml_study
    from awsml_study.engines.vision import faces, image

    import os
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
          f"(wall-clock times grow with it; CPU times do not)\n")
    print(f"{'picture':<22} {'size':>10} {'faces':>5} {'decode ms':>10} {'detect ms':>10} "
          f"{'cpu ms':>7} {'x decode':>9} {'DetectFaces ms':>15} {'goal':>6}")
    faces.detect(image.decode(pictures()["group.png"]))  # load the cascades once
    with awsml_study.simulate():
        rek = boto3.client("rekognition", region_name="us-east-1")
        rek.detect_faces(Image={"Bytes": pictures()["group.png"]})
        detect_all, cpu_all = [], []
        for name, body in pictures().items():
            rgb = image.decode(body)
            decode = median_ms(lambda: image.decode(body))
            detect, cpu = timed(lambda: faces.detect(rgb))
            call = median_ms(lambda: rek.detect_faces(Image={"Bytes": body}), runs=3)
            detect_all.append(detect)
            cpu_all.append(cpu)
            size = f"{rgb.shape[1]}x{rgb.shape[0]}"
            print(f"{name:<22} {size:>10} {len(faces.detect(rgb)):>5} {decode:>10.1f} {detect:>10.1f} "
                  f"{cpu:>7.1f} {detect / max(decode, 0.01):>9.1f} {call:>15.1f} "
                  f"{'ok' if cpu <= GOAL_MS else 'SLOW':>6}")
    print(f"\nmedian face detection: {statistics.median(detect_all):.1f} ms wall, "
          f"{statistics.median(cpu_all):.1f} ms CPU per picture (goal <= {GOAL_MS:.0f} ms, on CPU time)")


def _hit(box, truth) -> bool:
    """A found box is a true face when its centre lies in the true box and its size is within 2x."""
    cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
    return (truth[0] <= cx <= truth[0] + truth[2] and truth[1] <= cy <= truth[1] + truth[3]
            and 0.5 < box[2] / truth[2] < 2.5)


def dlib_before(rgb, g):
    """face_boxes.find as it was before the small-face change (the same run's speed baseline): the
    colour picture enlarged until 40 px / 1920 fills dlib's window, at most 2x and 2000 px."""
    import cv2

    from awsml_study.engines.vision import face_boxes
    h, w = rgb.shape[:2]
    scale = min(2.0, 80 / (40 / 1920 * w), 2000 / max(h, w))
    img = rgb if abs(scale - 1) < 0.01 else cv2.resize(
        rgb, (max(1, int(w * scale)), max(1, int(h * scale))),
        interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    found = face_boxes.scan(img, scale, g)
    for box, conf in face_boxes.drawn_faces(g):
        if not any(face_boxes._overlap(box, f) > 0.3 for f, _ in found):
            found.append((box, conf))
    return found


def bucket(name: str, truth) -> str:
    """The face-size bucket of a scene: its faces' width in px (all three are the same size)."""
    if not truth:
        return "face-free"
    side = round(truth[0][2])
    tag = " (AWS minimum: 40 px)" if side < 50 else ""
    return f"{side:>3} px faces in {name.split()[0]}{tag}"


def detection() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import face_scenes

    from awsml_study.engines.vision import face_boxes, image
    engines = {"new": lambda rgb, g: face_boxes.find(rgb, g),
               "before": dlib_before,
               "haar": lambda rgb, g: face_boxes.haar_faces(g)}
    scenes = face_scenes.benchmark_scenes()
    pics = [(n, rgb, t) for n, rgb, t in scenes]
    pics += [(n, rgb, []) for n, rgb in face_scenes.face_free_pictures()]
    for find in engines.values():   # load the detectors once
        find(pics[0][1], image.grey(pics[0][1]))
    print(f"\n{'picture':<52} {'faces':>5} " + " ".join(f"{k + ' found':>11} {k + ' FP':>8} {k + ' cpu':>9}"
                                                        for k in engines))
    totals = {k: {} for k in engines}   # engine -> bucket -> [found, faces, false, pictures, cpu ms]
    first48 = {k: 0 for k in engines}
    for i, (name, rgb, truth) in enumerate(pics):
        g = image.grey(rgb)
        row = []
        for key, find in engines.items():
            boxes = [b for b, _ in find(rgb, g)]
            _, cpu = timed(lambda: find(rgb, g), runs=3)
            hits = sum(any(_hit(b, t) for b in boxes) for t in truth)
            false = sum(not any(_hit(b, t) for t in truth) for b in boxes)
            b = totals[key].setdefault(bucket(name, truth), [0, 0, 0, 0, []])
            b[0] += hits
            b[1] += len(truth)
            b[2] += false
            b[3] += 1
            b[4].append(cpu)
            first48[key] += hits if i < 48 else 0
            row.append(f"{hits:>11} {false:>8} {cpu:>9.0f}")
        print(f"{name:<52} {len(truth):>5} " + " ".join(row))
    print(f"\n{'bucket':<42} " + " ".join(f"{k + ' recall':>13} {k + ' FP/pic':>11} {k + ' cpu':>10}"
                                           for k in engines))
    for name in totals["new"]:
        cells = []
        for key in engines:
            hits, n, false, count, cpu = totals[key][name]
            cells.append(f"{f'{hits}/{n}':>13} {false / count:>11.2f} {statistics.median(cpu):>8.0f}ms")
        print(f"{name:<42} " + " ".join(cells))
    faces_total = sum(len(t) for _, _, t in pics)
    cpu_all = {}
    for key in engines:
        rows = totals[key].values()
        hits, false = sum(r[0] for r in rows), sum(r[2] for r in rows)
        cpu_all[key] = [c for r in rows for c in r[4]]
        print(f"{key}: recall {hits}/{faces_total} ({hits / faces_total:.0%}; the first 48 scenes "
              f"{first48[key]}/144), {false / len(pics):.2f} false faces per picture, "
              f"median {statistics.median(cpu_all[key]):.0f} ms CPU per picture")
    for key in ("before", "haar"):
        ratios = [n / max(0.01, o) for n, o in zip(cpu_all["new"], cpu_all[key])]
        print(f"speed: new / {key} CPU time per picture, median {statistics.median(ratios):.2f}x "
              f"(range {min(ratios):.2f}-{max(ratios):.2f}x)")


def quality() -> None:
    import boto3
    import cv2

    import awsml_study
    from awsml_study.engines.vision import image

    grace = (DATA / "celebrities" / "grace_hopper.jpg").read_bytes()
    people = {"grace": grace, "ana": (DATA / "portrait_ana.png").read_bytes(),
              "ben": (DATA / "portrait_ben.png").read_bytes(),
              "collins": (DATA / "photos" / "astronaut.jpg").read_bytes(),
              "camera": (DATA / "photos" / "camera.jpg").read_bytes()}

    def variants(body):
        rgb = image.decode(body)
        h, w = rgb.shape[:2]
        yield "half size", image.encode_jpeg(cv2.resize(rgb, (w // 2, h // 2)))
        yield "1.5x size", image.encode_jpeg(cv2.resize(rgb, (w * 3 // 2, h * 3 // 2)))
        yield "cropped", image.encode_png(rgb[h // 12: h - h // 10, w // 10: w - w // 10])
        yield "jpeg q40", image.encode_jpeg(rgb, 40)
        yield "brighter", image.encode_png(cv2.convertScaleAbs(rgb, alpha=1.0, beta=35))

    print(f"\n{'face':<6} {'copy':<10} {'rank-1':>6} {'similarity':>10} {'best other':>10}")
    hits = total = real_hits = real_total = 0
    with awsml_study.simulate():
        rek = boto3.client("rekognition", region_name="us-east-1")
        rek.create_collection(CollectionId="bench")
        for name, body in people.items():
            rek.index_faces(CollectionId="bench", Image={"Bytes": body}, ExternalImageId=name)
        for name, body in people.items():
            for label, copy in variants(body):
                try:
                    matches = rek.search_faces_by_image(CollectionId="bench", Image={"Bytes": copy},
                                                        FaceMatchThreshold=0)["FaceMatches"]
                except rek.exceptions.InvalidParameterException:
                    matches = []
                top = matches[0] if matches else None
                ok = bool(top) and top["Face"]["ExternalImageId"] == name
                other = max((m["Similarity"] for m in matches if m["Face"]["ExternalImageId"] != name), default=0)
                own = next((m["Similarity"] for m in matches if m["Face"]["ExternalImageId"] == name), 0)
                hits += ok
                real_hits += ok and name in REAL
                real_total += name in REAL
                total += 1
                print(f"{name:<6} {label:<10} {'yes' if ok else 'NO':>6} {own:>10.1f} {other:>10.1f}")
    print(f"\nrank-1 identification: {hits}/{total} copies ({hits / total:.0%}); "
          f"of the real photographs ({', '.join(REAL)}): {real_hits}/{real_total}")


if __name__ == "__main__":
    parts = {"timing": timing, "detection": detection, "quality": quality}
    for part in sys.argv[1:] or parts:   # e.g. `bench_rekognition.py detection` for that part only
        parts[part]()
