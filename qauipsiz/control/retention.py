"""What production control keeps and how long, and which of its records `qauipsiz verify` checks against the ledger.

- `STATE_CHECKED`: model label -> the lookup path to its organisation; every record here is ledgered with its snapshot.
- `RETENTION_RULES`: none yet: production-control records are kept (315 cl.24: the service keeps the data).
"""

STATE_CHECKED: dict[str, str] = {
    # Examinations and removal from work (315 cl.4.6, cl.4.7, cl.27.4).
    "control.examination": "organisation",
    "control.removal": "organisation",

    # Accidents (315 cl.4.12) and state prescriptions (cl.26.3): each record as last ledgered.
    **dict.fromkeys(("control.accident", "control.accidentvictim", "control.accidentmeasure", "control.accidentmaterial",
                     "control.accidentpermit", "control.stateprescription", "control.stateprescriptionitem",
                     "control.stateprescriptionevidence"), "organisation"),

    # legal acts (315 cl.4.11): the notices of changes and who acknowledged them
    "control.changenotice": "organisation",
    "control.changenoticerecipient": "organisation",

    # Plans (315 cl.4.1, cl.4.5): every version, item and evidence as last ledgered.
    "control.plan": "organisation",
    "control.planversion": "organisation",
    "control.planitem": "organisation",
    "control.planevidence": "organisation",
}
RETENTION_RULES: dict = {}

# The Regulation on production control (315 cl.5-6): its versions and its effectiveness criteria.
STATE_CHECKED.update({"control.regulation": "organisation", "control.effectivenesscriterion": "organisation"})
