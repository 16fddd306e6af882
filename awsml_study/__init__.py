"""awsml-study: learn the AWS machine-learning services offline, with answers computed locally.

    import awsml_study
    comprehend = awsml_study.client("comprehend")        # local simulator unless AWSML_STUDY_MODE=aws
    with awsml_study.simulate():                          # or serve any boto3 code locally
        ...
    awsml_study.teardown()                                # delete what this process created (aws mode)
"""
from awsml_study.sim.activation import install_hooks as _install_hooks
from awsml_study.sim.activation import reset, simulate
from awsml_study.sim.dispatch import ENGINE_HEADER
from awsml_study.clients import ChargesNotAllowed, client, engine_of, mode
from awsml_study import calls
from awsml_study.cleanup import teardown
from awsml_study import meter as _meter  # noqa: F401  (registers the aws-mode price line)

__all__ = ["simulate", "reset", "client", "mode", "engine_of", "ENGINE_HEADER", "ChargesNotAllowed", "calls",
           "teardown"]
__version__ = "0.1.0"

_install_hooks()
calls.install()


def __getattr__(name):
    # Submodules with heavy imports (quiz widgets, plotting) load only when asked for.
    if name in ("quiz", "widgets", "data"):
        import importlib
        return importlib.import_module(f"awsml_study.{name}")
    raise AttributeError(name)
