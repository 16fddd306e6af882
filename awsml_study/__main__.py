"""`python -m awsml_study ...` is the same as the `awsml-study` command."""
import sys

from awsml_study.cli import main

sys.exit(main())
