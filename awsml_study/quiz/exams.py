"""The two certification exams the banks map to: domains, weights, pass marks, mock sizes."""
from __future__ import annotations

from dataclasses import dataclass

# The eleven services the kit teaches; banks may name extra services (bedrock, s3, kms...).
SERVICES = (
    "rekognition", "transcribe", "polly", "translate", "lex", "connect",
    "comprehend", "kendra", "textract", "sagemaker", "personalize",
)

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


def estimate_scaled_score(correct: int, total: int) -> int:
    """Linear estimate of AWS's 100-1000 scaled score from full-credit answers.

    AWS does not publish its scaling, and the real exam gives no partial credit, so this
    maps the share of fully correct answers onto 100-1000. It is an estimate, nothing more.
    """
    if total <= 0:
        return 100
    return round(100 + 900 * correct / total)
