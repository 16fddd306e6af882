"""Amazon Personalize: datasets, recipes trained by local recommenders, campaigns, runtime and events."""
