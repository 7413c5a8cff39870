"""Hypothesis profiles. By default every property test is derandomised, so any run of the
suite (CI's, a user's) is repeatable; ``HYPOTHESIS_PROFILE=explore`` draws new examples
each run, with more of them, to look for counterexamples."""

import os

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
