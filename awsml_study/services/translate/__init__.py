"""Amazon Translate: neural en↔pt-BR translation, the learner's terminology and parallel data, batch jobs."""
