"""What production control keeps and how long, and which of its records `qauipsiz verify` checks against the ledger.

- `STATE_CHECKED`: model label -> the lookup path to its organisation; every record here is ledgered with its snapshot.
- `RETENTION_RULES`: none yet: production-control records are kept (315 cl.24: the service keeps the data).
"""

STATE_CHECKED: dict[str, str] = {
    # Plans (315 cl.4.1, cl.4.5): every version, item and evidence as last ledgered.
    "control.plan": "organisation",
    "control.planversion": "organisation",
    "control.planitem": "organisation",
    "control.planevidence": "organisation",
}
RETENTION_RULES: dict = {}
