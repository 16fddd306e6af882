"""The two certification exams the banks map to: domains, weights, pass marks, mock sizes."""
from __future__ import annotations

import math
from dataclasses import dataclass

# The eleven services the kit teaches; banks may name extra services (bedrock, s3, kms...).
SERVICES = (
    "rekognition", "transcribe", "polly", "translate", "lex", "connect",
    "comprehend", "kendra", "textract", "sagemaker", "personalize",
)

# Certification prep needs each service to be the main (first-listed) subject of this many questions.
MAIN_SERVICE_MINIMUM = {**{s: 36 for s in SERVICES}, "sagemaker": 48}

NOTEBOOKS = (
    "00_start_here", "01_rekognition", "02_transcribe", "03_polly", "04_translate",
    "05_lex", "06_connect", "07_comprehend", "08_kendra", "09_textract",
    "10_sagemaker", "11_personalize", "12_choosing_a_service", "13_capstone",
)


@dataclass(frozen=True)
class Exam:
    code: str
    name: str
    pass_mark: int              # on AWS's 100-1000 scaled score
    questions: int              # a full exam: 50 scored + 15 unscored
    domains: dict[int, tuple[str, int]]   # number -> (title, weight in %)

    def weights(self) -> dict[int, int]:
        return {number: weight for number, (_, weight) in self.domains.items()}

    def domain_label(self, number: int) -> str:
        return f"{self.code} D{number} {self.domains[number][0]}"

    def need_for_mocks(self, mocks: int = 2) -> dict[int, int]:
        """Questions each domain must hold so `mocks` full mock exams share none.

        One mock gives a domain weight % of `questions` (65); `mocks` distinct mocks need
        that many times over, rounded up: AIF-C01 26/32/37/19/19, MLA-C02 37/32/32/32.
        """
        return {d: math.ceil(mocks * self.questions * w / 100 - 1e-9) for d, w in self.weights().items()}


EXAMS = {
    "AIF-C01": Exam(
        "AIF-C01", "AWS Certified AI Practitioner", 700, 65,
        {1: ("Fundamentals of AI and ML", 20),
         2: ("Fundamentals of Generative AI", 24),
         3: ("Applications of Foundation Models", 28),
         4: ("Guidelines for Responsible AI", 14),
         5: ("Security, Compliance, and Governance for AI Solutions", 14)}),
    "MLA-C02": Exam(
        "MLA-C02", "AWS Certified Machine Learning Engineer - Associate", 720, 65,
        {1: ("Data Preparation for ML and AI", 28),
         2: ("ML Model and Foundation Model Development", 24),
         3: ("Deployment and Orchestration of ML and AI Workflows", 24),
         4: ("Operating, Monitoring, and Securing ML and AI Solutions", 24)}),
}


ESTIMATE_METHOD = ("a linear mapping of the share of fully correct answers onto 100-1000 "
                   "(100 + 900 x correct / asked); AWS does not publish its scaling, weighs questions "
                   "it does not disclose and leaves 15 of 65 unscored, so this is a rough guide")


def estimate_scaled_score(correct: int, total: int) -> int:
    """Linear estimate of AWS's 100-1000 scaled score from full-credit answers.

    AWS does not publish its scaling, and the real exam gives no partial credit, so this
    maps the share of fully correct answers onto 100-1000. It is an estimate, nothing more.
    """
    if total <= 0:
        return 100
    return round(100 + 900 * correct / total)


def allocate(count: int, weights: dict[int, float], available: dict[int, int]) -> dict[int, int]:
    """Split `count` over domains by weight (largest remainder), never past what a domain holds.

    Slots a short domain cannot fill go to the others, again by weight, so the total stays
    `count` whenever the pool is big enough.
    """
    quota = {d: 0 for d in weights}
    target = min(count, sum(available.get(d, 0) for d in weights))
    while True:
        left = target - sum(quota.values())
        open_ = [d for d in weights if quota[d] < available.get(d, 0)]
        if left <= 0 or not open_:
            break
        total = sum(weights[d] for d in open_) or len(open_)
        shares = {d: left * (weights[d] or 0) / total for d in open_}
        add = {d: min(int(shares[d]), available[d] - quota[d]) for d in open_}
        rest = left - sum(add.values())
        # Remaining slots go by largest fractional part; ties to the lower domain number.
        for d in sorted(open_, key=lambda d: (-(shares[d] % 1), d)):
            if rest == 0:
                break
            if quota[d] + add[d] < available[d]:
                add[d] += 1
                rest -= 1
        for d in open_:
            quota[d] += add[d]
    return quota
