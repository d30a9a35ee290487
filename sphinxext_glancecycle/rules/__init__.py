"""Rules: pure functions from model records to findings, one registry."""

from sphinxext_glancecycle.rules import speclites  # noqa: F401  (registers GC1xx)
from sphinxext_glancecycle.rules import specs  # noqa: F401  (registers GC5xx)
from sphinxext_glancecycle.rules import people  # noqa: F401  (registers GC4xx)
from sphinxext_glancecycle.rules import priorities  # noqa: F401  (registers GC2xx)
from sphinxext_glancecycle.rules import schedules  # noqa: F401  (registers GC3xx)
from sphinxext_glancecycle.rules.registry import RULES, Rule, check  # noqa: F401
