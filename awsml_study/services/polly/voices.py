"""Polly's voice list, and which local espeak-ng voice speaks for each Polly voice.

The Polly metadata (Id, Name, Gender, LanguageCode, LanguageName, SupportedEngines,
AdditionalLanguageCodes) is the `aws polly describe-voices` snapshot that moto ships (Apache-2.0),
so it is real AWS output of its date, not the newest list. Every voice, whatever its engine, is
spoken locally by espeak-ng: the language's espeak voice plus a female or male variant
(e.g. Joanna = "en-us+f3"), so two voices of one language sound different, but none sounds like Polly.
"""
from __future__ import annotations

# (Id, Name, Gender F/M, LanguageCode, LanguageName, engines, additional language codes)
VOICES = [
    ('Hala', 'Hala', 'F', 'ar-AE', 'Gulf Arabic', 'neural', 'arb'),
    ('Zayd', 'Zayd', 'M', 'ar-AE', 'Gulf Arabic', 'neural', 'arb'),
    ('Zeina', 'Zeina', 'F', 'arb', 'Arabic', 'standard'),
    ('Arlet', 'Arlet', 'F', 'ca-ES', 'Catalan', 'neural'),
    ('Zhiyu', 'Zhiyu', 'F', 'cmn-CN', 'Chinese Mandarin', 'neural standard'),
    ('Jitka', 'Jitka', 'F', 'cs-CZ', 'Czech', 'neural'),
    ('Gwyneth', 'Gwyneth', 'F', 'cy-GB', 'Welsh', 'standard'),
    ('Naja', 'Naja', 'F', 'da-DK', 'Danish', 'standard'),
    ('Sofie', 'Sofie', 'F', 'da-DK', 'Danish', 'neural'),
    ('Mads', 'Mads', 'M', 'da-DK', 'Danish', 'standard'),
    ('Hannah', 'Hannah', 'F', 'de-AT', 'Austrian German', 'neural'),
    ('Sabrina', 'Sabrina', 'F', 'de-CH', 'Swiss Standard German', 'neural'),
    ('Marlene', 'Marlene', 'F', 'de-DE', 'German', 'standard'),
    ('Vicki', 'Vicki', 'F', 'de-DE', 'German', 'neural standard'),
    ('Daniel', 'Daniel', 'M', 'de-DE', 'German', 'neural'),
    ('Hans', 'Hans', 'M', 'de-DE', 'German', 'standard'),
    ('Nicole', 'Nicole', 'F', 'en-AU', 'Australian English', 'standard'),
    ('Olivia', 'Olivia', 'F', 'en-AU', 'Australian English', 'neural'),
    ('Russell', 'Russell', 'M', 'en-AU', 'Australian English', 'standard'),
    ('Amy', 'Amy', 'F', 'en-GB', 'British English', 'generative neural standard'),
    ('Emma', 'Emma', 'F', 'en-GB', 'British English', 'neural standard'),
    ('Arthur', 'Arthur', 'M', 'en-GB', 'British English', 'neural'),
    ('Brian', 'Brian', 'M', 'en-GB', 'British English', 'neural standard'),
    ('Geraint', 'Geraint', 'M', 'en-GB-WLS', 'Welsh English', 'standard'),
    ('Niamh', 'Niamh', 'F', 'en-IE', 'Irish English', 'neural'),
    ('Aditi', 'Aditi', 'F', 'en-IN', 'Indian English', 'standard', 'hi-IN'),
    ('Kajal', 'Kajal', 'F', 'en-IN', 'Indian English', 'neural', 'hi-IN'),
    ('Raveena', 'Raveena', 'F', 'en-IN', 'Indian English', 'standard'),
    ('Aria', 'Aria', 'F', 'en-NZ', 'New Zealand English', 'neural'),
    ('Danielle', 'Danielle', 'F', 'en-US', 'US English', 'long-form neural'),
    ('Ivy', 'Ivy', 'F', 'en-US', 'US English', 'neural standard'),
    ('Joanna', 'Joanna', 'F', 'en-US', 'US English', 'neural standard'),
    ('Kendra', 'Kendra', 'F', 'en-US', 'US English', 'neural standard'),
    ('Kimberly', 'Kimberly', 'F', 'en-US', 'US English', 'neural standard'),
    ('Ruth', 'Ruth', 'F', 'en-US', 'US English', 'generative long-form neural'),
    ('Salli', 'Salli', 'F', 'en-US', 'US English', 'neural standard'),
    ('Gregory', 'Gregory', 'M', 'en-US', 'US English', 'long-form neural'),
    ('Joey', 'Joey', 'M', 'en-US', 'US English', 'neural standard'),
    ('Justin', 'Justin', 'M', 'en-US', 'US English', 'neural standard'),
    ('Kevin', 'Kevin', 'M', 'en-US', 'US English', 'neural'),
    ('Matthew', 'Matthew', 'M', 'en-US', 'US English', 'generative neural standard'),
    ('Stephen', 'Stephen', 'M', 'en-US', 'US English', 'neural'),
    ('Ayanda', 'Ayanda', 'F', 'en-ZA', 'South African English', 'neural'),
    ('Conchita', 'Conchita', 'F', 'es-ES', 'Castilian Spanish', 'standard'),
    ('Lucia', 'Lucia', 'F', 'es-ES', 'Castilian Spanish', 'neural standard'),
    ('Enrique', 'Enrique', 'M', 'es-ES', 'Castilian Spanish', 'standard'),
    ('Sergio', 'Sergio', 'M', 'es-ES', 'Castilian Spanish', 'neural'),
    ('Mia', 'Mia', 'F', 'es-MX', 'Mexican Spanish', 'neural standard'),
    ('Andres', 'Andrés', 'M', 'es-MX', 'Mexican Spanish', 'neural'),
    ('Lupe', 'Lupe', 'F', 'es-US', 'US Spanish', 'neural standard'),
    ('Penelope', 'Penélope', 'F', 'es-US', 'US Spanish', 'standard'),
    ('Miguel', 'Miguel', 'M', 'es-US', 'US Spanish', 'standard'),
    ('Pedro', 'Pedro', 'M', 'es-US', 'US Spanish', 'neural'),
    ('Suvi', 'Suvi', 'F', 'fi-FI', 'Finnish', 'neural'),
    ('Isabelle', 'Isabelle', 'F', 'fr-BE', 'Belgian French', 'neural'),
    ('Chantal', 'Chantal', 'F', 'fr-CA', 'Canadian French', 'standard'),
    ('Gabrielle', 'Gabrielle', 'F', 'fr-CA', 'Canadian French', 'neural'),
    ('Liam', 'Liam', 'M', 'fr-CA', 'Canadian French', 'neural'),
    ('Celine', 'Céline', 'F', 'fr-FR', 'French', 'standard'),
    ('Lea', 'Léa', 'F', 'fr-FR', 'French', 'neural standard'),
    ('Mathieu', 'Mathieu', 'M', 'fr-FR', 'French', 'standard'),
    ('Remi', 'Rémi', 'M', 'fr-FR', 'French', 'neural'),
    ('Dora', 'Dóra', 'F', 'is-IS', 'Icelandic', 'standard'),
    ('Karl', 'Karl', 'M', 'is-IS', 'Icelandic', 'standard'),
    ('Bianca', 'Bianca', 'F', 'it-IT', 'Italian', 'neural standard'),
    ('Carla', 'Carla', 'F', 'it-IT', 'Italian', 'standard'),
    ('Adriano', 'Adriano', 'M', 'it-IT', 'Italian', 'neural'),
    ('Giorgio', 'Giorgio', 'M', 'it-IT', 'Italian', 'standard'),
    ('Kazuha', 'Kazuha', 'F', 'ja-JP', 'Japanese', 'neural'),
    ('Mizuki', 'Mizuki', 'F', 'ja-JP', 'Japanese', 'standard'),
    ('Tomoko', 'Tomoko', 'F', 'ja-JP', 'Japanese', 'neural'),
    ('Takumi', 'Takumi', 'M', 'ja-JP', 'Japanese', 'neural standard'),
    ('Seoyeon', 'Seoyeon', 'F', 'ko-KR', 'Korean', 'neural standard'),
    ('Ida', 'Ida', 'F', 'nb-NO', 'Norwegian', 'neural'),
    ('Liv', 'Liv', 'F', 'nb-NO', 'Norwegian', 'standard'),
    ('Lisa', 'Lisa', 'F', 'nl-BE', 'Belgian Dutch', 'neural'),
    ('Laura', 'Laura', 'F', 'nl-NL', 'Dutch', 'neural'),
    ('Lotte', 'Lotte', 'F', 'nl-NL', 'Dutch', 'standard'),
    ('Ruben', 'Ruben', 'M', 'nl-NL', 'Dutch', 'standard'),
    ('Ewa', 'Ewa', 'F', 'pl-PL', 'Polish', 'standard'),
    ('Maja', 'Maja', 'F', 'pl-PL', 'Polish', 'standard'),
    ('Ola', 'Ola', 'F', 'pl-PL', 'Polish', 'neural'),
    ('Jacek', 'Jacek', 'M', 'pl-PL', 'Polish', 'standard'),
    ('Jan', 'Jan', 'M', 'pl-PL', 'Polish', 'standard'),
    ('Camila', 'Camila', 'F', 'pt-BR', 'Brazilian Portuguese', 'neural standard'),
    ('Vitoria', 'Vitória', 'F', 'pt-BR', 'Brazilian Portuguese', 'neural standard'),
    ('Ricardo', 'Ricardo', 'M', 'pt-BR', 'Brazilian Portuguese', 'standard'),
    ('Thiago', 'Thiago', 'M', 'pt-BR', 'Brazilian Portuguese', 'neural'),
    ('Ines', 'Inês', 'F', 'pt-PT', 'Portuguese', 'neural standard'),
    ('Cristiano', 'Cristiano', 'M', 'pt-PT', 'Portuguese', 'standard'),
    ('Carmen', 'Carmen', 'F', 'ro-RO', 'Romanian', 'standard'),
    ('Tatyana', 'Tatyana', 'F', 'ru-RU', 'Russian', 'standard'),
    ('Maxim', 'Maxim', 'M', 'ru-RU', 'Russian', 'standard'),
    ('Astrid', 'Astrid', 'F', 'sv-SE', 'Swedish', 'standard'),
    ('Elin', 'Elin', 'F', 'sv-SE', 'Swedish', 'neural'),
    ('Burcu', 'Burcu', 'F', 'tr-TR', 'Turkish', 'neural'),
    ('Filiz', 'Filiz', 'F', 'tr-TR', 'Turkish', 'standard'),
    ('Hiujin', 'Hiujin', 'F', 'yue-CN', 'Cantonese', 'neural'),
]

# Polly LanguageCode -> espeak-ng voice (the closest espeak-ng has; several share one).
ESPEAK_LANGUAGE = {
    "arb": "ar", "ar-AE": "ar", "ca-ES": "ca", "cmn-CN": "cmn", "cs-CZ": "cs", "cy-GB": "cy",
    "da-DK": "da", "de-AT": "de", "de-CH": "de", "de-DE": "de", "en-AU": "en", "en-GB": "en",
    "en-GB-WLS": "en", "en-IE": "en", "en-IN": "en", "en-NZ": "en", "en-SG": "en", "en-US": "en-us",
    "en-ZA": "en", "es-ES": "es", "es-MX": "es-419", "es-US": "es-419", "fi-FI": "fi",
    "fr-BE": "fr-be", "fr-CA": "fr", "fr-FR": "fr", "hi-IN": "hi", "is-IS": "is", "it-IT": "it",
    "ja-JP": "ja", "ko-KR": "ko", "nb-NO": "nb", "nl-BE": "nl", "nl-NL": "nl", "pl-PL": "pl",
    "pt-BR": "pt-br", "pt-PT": "pt", "ro-RO": "ro", "ru-RU": "ru", "sv-SE": "sv", "tr-TR": "tr",
    "yue-CN": "yue",
}
FEMALE_VARIANTS = ["f3", "f1", "f2", "f4", "f5", "Annie", "linda", "belinda", "Andrea", "anika"]
MALE_VARIANTS = ["m3", "m1", "m2", "m4", "m5", "m6", "m7", "Mike", "adam", "david"]
CHILD_VOICES = {"Ivy", "Justin", "Kevin"}  # Polly's child voices: spoken a little higher here
# Best-known voice of each language and gender gets the first (clearest) variant, e.g. Joanna en-us+f3.
FLAGSHIP = ["Joanna", "Matthew", "Amy", "Brian", "Lucia", "Sergio", "Lupe", "Pedro", "Lea", "Remi",
            "Vicki", "Daniel", "Bianca", "Adriano", "Camila", "Thiago", "Mizuki", "Takumi"]


def _build() -> dict[str, dict]:
    table, used = {}, {}
    ordered = sorted(VOICES, key=lambda row: (row[0] not in FLAGSHIP, VOICES.index(row)))
    for row in ordered:
        vid, name, gender, lang, lang_name, engines = row[:6]
        extra = row[6].split() if len(row) > 6 else []
        key = (lang, gender)
        n = used[key] = used.get(key, -1) + 1
        variants = FEMALE_VARIANTS if gender == "F" else MALE_VARIANTS
        table[vid] = {
            "Id": vid, "Name": name, "Gender": "Female" if gender == "F" else "Male",
            "LanguageCode": lang, "LanguageName": lang_name, "SupportedEngines": engines.split(),
            "AdditionalLanguageCodes": extra,
            "espeak": f"{ESPEAK_LANGUAGE[lang]}+{variants[n % len(variants)]}",
            "pitch": 70 if vid in CHILD_VOICES else 50,
        }
    return {row[0]: table[row[0]] for row in VOICES}


BY_ID = _build()


def describe(voice: dict, include_additional: bool) -> dict:
    """The DescribeVoices entry of one voice."""
    out = {k: voice[k] for k in ("Gender", "Id", "LanguageCode", "LanguageName", "Name", "SupportedEngines")}
    if include_additional and voice["AdditionalLanguageCodes"]:
        out["AdditionalLanguageCodes"] = list(voice["AdditionalLanguageCodes"])
    return out


def languages_of(voice: dict) -> list[str]:
    return [voice["LanguageCode"], *voice["AdditionalLanguageCodes"]]


def espeak_voice_for(voice: dict, language_code: str | None = None) -> str:
    """The espeak-ng voice for a Polly voice, in its default or an additional language."""
    if language_code and language_code != voice["LanguageCode"]:
        return voice["espeak"].replace(ESPEAK_LANGUAGE[voice["LanguageCode"]],
                                       ESPEAK_LANGUAGE[language_code], 1)
    return voice["espeak"]
