"""Speaker diarization for ShowSpeakerLabels: turns between pauses, clustered by voice.

Each turn (words separated by less than TURN_GAP_S) is described by its median pitch (autocorrelation
F0 of voiced frames) and its average spectral envelope (log band energies). Turns are clustered by
average-linkage agglomerative clustering; a new speaker needs a distance above SPLIT_DISTANCE, and
there are never more than MaxSpeakerLabels. It separates voices of clearly different pitch or
timbre (a synthesised man and woman, say); similar voices may merge into one speaker.
"""
from __future__ import annotations

import numpy as np

TURN_GAP_S = 0.3
SPLIT_DISTANCE = 1.0
RATE = 8000


def _turns(items: list[dict]) -> list[tuple[float, float]]:
    words = [it for it in items if it["kind"] == "pronunciation"]
    turns: list[list[float]] = []
    for w in words:
        if turns and w["start"] - turns[-1][1] < TURN_GAP_S:
            turns[-1][1] = w["end"]
        else:
            turns.append([w["start"], w["end"]])
    return [(a, b) for a, b in turns]


def _pitch(x: np.ndarray) -> float:
    """Median F0 (Hz) of the voiced 40 ms frames, by normalised autocorrelation; 0 if none voiced."""
    frame, hop = int(0.04 * RATE), int(0.02 * RATE)
    lo, hi = RATE // 400, RATE // 60                # 60-400 Hz
    f0s = []
    for start in range(0, max(0, x.size - frame), hop):
        f = x[start:start + frame] - x[start:start + frame].mean()
        energy = float(f @ f)
        if energy < 1e-4:
            continue
        ac = np.correlate(f, f, mode="full")[frame - 1:]
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] / energy > 0.5:
            f0s.append(RATE / lag)
    return float(np.median(f0s)) if f0s else 0.0


def _envelope(x: np.ndarray, bands: int = 16) -> np.ndarray:
    spec = np.abs(np.fft.rfft(x * np.hanning(x.size))) ** 2 if x.size else np.zeros(2)
    edges = np.geomspace(2, max(3, spec.size - 1), bands + 1).astype(int)
    env = np.log(np.array([spec[a:max(a + 1, b)].mean() for a, b in zip(edges[:-1], edges[1:])]) + 1e-9)
    return env - env.mean()


def label(samples: np.ndarray, rate: int, items: list[dict], max_speakers: int) -> list[dict]:
    """[{start, end, speaker_label}] for the turns of the recognised words."""
    from awsml_study.engines.speech import audio
    turns = _turns(items)
    if not turns:
        return []
    x = audio.resample(samples, rate, RATE)
    feats = []
    for a, b in turns:
        seg = x[int(a * RATE):max(int(b * RATE), int(a * RATE) + 1)]
        f0 = _pitch(seg)
        feats.append(np.concatenate([[4.0 * np.log2(max(f0, 50.0) / 100.0)], 0.25 * _envelope(seg)]))
    groups = _cluster(np.array(feats), max_speakers)
    names: dict[int, str] = {}
    out = []
    for (a, b), g in zip(turns, groups):
        names.setdefault(g, f"spk_{len(names)}")
        out.append({"start": a, "end": b, "speaker_label": names[g]})
    return out


def _cluster(feats: np.ndarray, max_speakers: int) -> list[int]:
    if len(feats) < 2:
        return [0] * len(feats)
    from sklearn.cluster import AgglomerativeClustering
    free = AgglomerativeClustering(n_clusters=None, distance_threshold=SPLIT_DISTANCE,
                                   linkage="average").fit(feats)
    k = min(int(free.n_clusters_), max_speakers)
    if k == free.n_clusters_:
        return [int(v) for v in free.labels_]
    return [int(v) for v in AgglomerativeClustering(n_clusters=max(k, 1), linkage="average").fit(feats).labels_]
