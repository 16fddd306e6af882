"""Amazon Connect Flow language: the action catalogue, a validator that lists problems as Connect does, and an interpreter."""
