"""Amazon Translate's 75 languages, which features each supports, and ListLanguages."""
from __future__ import annotations

from awsml_study.services.translate.limits import LANGUAGES_ENGINE
from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

# Supported languages and language codes (Amazon Translate Developer Guide), with AWS's English names.
LANGUAGES = {
    "af": "Afrikaans", "sq": "Albanian", "am": "Amharic", "ar": "Arabic", "hy": "Armenian",
    "az": "Azerbaijani", "bn": "Bengali", "bs": "Bosnian", "bg": "Bulgarian", "ca": "Catalan",
    "zh": "Chinese (Simplified)", "zh-TW": "Chinese (Traditional)", "hr": "Croatian", "cs": "Czech",
    "da": "Danish", "fa-AF": "Dari", "nl": "Dutch", "en": "English", "et": "Estonian",
    "fa": "Farsi (Persian)", "tl": "Filipino, Tagalog", "fi": "Finnish", "fr": "French",
    "fr-CA": "French (Canada)", "ka": "Georgian", "de": "German", "el": "Greek", "gu": "Gujarati",
    "ht": "Haitian Creole", "ha": "Hausa", "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian",
    "is": "Icelandic", "id": "Indonesian", "ga": "Irish", "it": "Italian", "ja": "Japanese",
    "kn": "Kannada", "kk": "Kazakh", "ko": "Korean", "lv": "Latvian", "lt": "Lithuanian",
    "mk": "Macedonian", "ms": "Malay", "ml": "Malayalam", "mt": "Maltese", "mr": "Marathi",
    "mn": "Mongolian", "no": "Norwegian (Bokmål)", "ps": "Pashto", "pl": "Polish",
    "pt": "Portuguese (Brazil)", "pt-PT": "Portuguese (Portugal)", "pa": "Punjabi", "ro": "Romanian",
    "ru": "Russian", "sr": "Serbian", "si": "Sinhala", "sk": "Slovak", "sl": "Slovenian",
    "so": "Somali", "es": "Spanish", "es-MX": "Spanish (Mexico)", "sw": "Swahili", "sv": "Swedish",
    "ta": "Tamil", "te": "Telugu", "th": "Thai", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu",
    "uz": "Uzbek", "vi": "Vietnamese", "cy": "Welsh",
}
# Targets that take Formality (Setting formality in Amazon Translate).
FORMALITY_TARGETS = {"nl", "fr", "fr-CA", "de", "hi", "it", "ja", "ko", "pt-PT", "es", "es-MX"}
# Targets where Profanity=MASK is not available (Masking profane words: unsupported languages).
NO_PROFANITY_TARGETS = {"bn", "hi", "ml", "pa", "si", "vi"}
DISPLAY_LANGUAGES = ("de", "en", "es", "fr", "it", "ja", "ko", "pt", "zh", "zh-TW")
# What the kit's language identification reports that Amazon Translate spells differently.
DETECTED = {"nb": "no", "nn": "no"}


def is_language(code: str) -> bool:
    return code in LANGUAGES


def _localised(code: str, display: str) -> str:
    """A language's name in the display language, from the CLDR data the babel wheel ships."""
    if display == "en":
        return LANGUAGES[code]
    from babel import Locale
    locale = Locale.parse({"zh": "zh_Hans", "zh-TW": "zh_Hant_TW"}.get(display, display))
    base, _, region = code.partition("-")
    key = {"zh": "zh_Hans", "zh-TW": "zh_Hant"}.get(code, f"{base}_{region}" if region else base)
    name = locale.languages.get(key) or locale.languages.get(base)
    if region and name and name == locale.languages.get(base):
        name = f"{name} ({locale.territories.get(region, region)})"
    return name or LANGUAGES[code]


@operation("translate", "ListLanguages", engine=LANGUAGES_ENGINE)
def list_languages(params: dict) -> dict:
    display = params.get("DisplayLanguageCode", "en")
    if display not in DISPLAY_LANGUAGES:
        raise AwsError("UnsupportedDisplayLanguageCodeException",
                       f"Display language code '{display}' is not supported. "
                       f"Use one of: {', '.join(DISPLAY_LANGUAGES)}.", DisplayLanguageCode=display)
    items = [{"LanguageName": _localised(code, display), "LanguageCode": code} for code in LANGUAGES]
    page, token = jobs.page(items, params.get("MaxResults"), params.get("NextToken"), default=500,
                            error_code="InvalidParameterValueException")
    out = {"Languages": page, "DisplayLanguageCode": display}
    if token:
        out["NextToken"] = token
    return out
