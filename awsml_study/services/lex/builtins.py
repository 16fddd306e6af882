"""The built-in intents and slot types of a Lex V2 English locale, with the phrases the kit trains on."""
from __future__ import annotations

# signature -> (description, phrases used to train the classifier when a bot uses the intent)
BUILT_IN_INTENTS = {
    "AMAZON.CancelIntent": ("Responds to words and phrases that indicate the user wants to cancel the current interaction.",
                            ["cancel", "never mind", "forget it", "cancel that", "I don't want to do this anymore"]),
    "AMAZON.FallbackIntent": ("Default intent when no other intent matches.", []),
    "AMAZON.HelpIntent": ("Responds to words or phrases indicating the user needs help.",
                          ["help", "I need help", "can you help me", "what can you do", "help me please"]),
    "AMAZON.KendraSearchIntent": ("Searches an Amazon Kendra index for an answer.", []),
    "AMAZON.PauseIntent": ("Responds to words and phrases that enable the user to pause an interaction.",
                           ["pause", "pause that", "hold on", "wait a moment"]),
    "AMAZON.QnAIntent": ("Answers questions from a knowledge store using a generative model.", []),
    "AMAZON.RepeatIntent": ("Responds to words and phrases that enable the user to repeat the last message.",
                            ["repeat", "say that again", "can you repeat that", "what did you say"]),
    "AMAZON.ResumeIntent": ("Responds to words and phrases that enable the user to resume a paused interaction.",
                            ["resume", "continue", "keep going", "go on"]),
    "AMAZON.StartOverIntent": ("Responds to words and phrases that enable the user to start over.",
                               ["start over", "restart", "start again", "let's begin again"]),
    "AMAZON.StopIntent": ("Responds to words and phrases that indicate the user wants to stop the interaction.",
                          ["stop", "quit", "exit", "stop it", "I want to stop"]),
}

BUILT_IN_SLOT_TYPES = {
    "AMAZON.AlphaNumeric": "Words made up of letters and numbers.",
    "AMAZON.City": "Local and world cities.",
    "AMAZON.Confirmation": "Yes, no, maybe and don't know.",
    "AMAZON.Country": "Countries of the world.",
    "AMAZON.Date": "Words that represent a date, converted to ISO 8601 format.",
    "AMAZON.Duration": "Words that represent a duration, converted to ISO 8601 duration format.",
    "AMAZON.EmailAddress": "Words that represent an email address.",
    "AMAZON.FirstName": "Commonly used first names.",
    "AMAZON.FreeFormInput": "Any words or characters the user says.",
    "AMAZON.LastName": "Commonly used last names.",
    "AMAZON.Number": "Words or numbers that express a number, converted to digits.",
    "AMAZON.Percentage": "Words or symbols that represent a percentage.",
    "AMAZON.PhoneNumber": "Numbers or words that represent a telephone number.",
    "AMAZON.State": "Geographical and political regions within a country.",
    "AMAZON.StreetName": "Names of streets.",
    "AMAZON.Time": "Words that indicate a time, converted to 24-hour format.",
    "AMAZON.UKPostalCode": "Valid United Kingdom postal codes.",
}
