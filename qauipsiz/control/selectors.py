"""The reads production control shares between its pages, API and documents."""

# Plans (315 cl.4.1, cl.4.5, cl.26.1): their reads live in plan_selectors; the annual information reads this one.
from .plan_selectors import plan_execution  # noqa: E402,F401
