"""The local simulator core: activation, handler registry, dispatch, validation, errors, jobs."""
