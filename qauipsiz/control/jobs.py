"""The daily jobs of production control, run once across servers by `qauipsiz tick` (notifications.jobs)."""

JOBS: dict = {}
