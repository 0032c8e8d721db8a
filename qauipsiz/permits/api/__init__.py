"""Work permits (Order 344) through the API, under /api/v1/permits/.

Reads: permits (list with filters, the whole permit with items 1-13, its signatures and the caller's available
actions), the text an ЭЦП signs for an act, the register (Annex 2), work types with their template measures, admission
certificates (Annex 3) and emergency works (344 cl.12); the printed forms as files (`documents`: the permit, the
register and the certificate as PDF, the register as XLSX, with the pages' permissions); the permit's attachments
(`attachments`: listed, downloaded, and added as a multipart upload by the page's service, 344 cl.4, cl.8).
Everything is read through the gatekeeper (`visible_permits`, `visible_certificates`, `visible_emergencies`): another
organisation's record answers 404.

Writes: one endpoint per action, each calling exactly one service of `services`, which decides everything (role,
party, status, the clauses' guards, the signatures). Refusals answer in the API's error shape: 403 wrong role or
person, 409 an action the permit's state or a guard does not allow (`ActionRefused`), 422 invalid data or a refused
signature. Every POST takes an `Idempotency-Key` header (see `idempotency.py`): repeated, it answers the first result
and signs nothing again.

Signatures travel in the body: `signature` (the caller's) and, for the acts two people sign on one device (344 cl.23,
cl.27, items 11 and 12), `cosignature` (the work performer's or the crew member's): exactly one of password, PIN or a
detached CMS over the text `GET /{id}/signing-text` gives.

The endpoints live by sub-domain (`lists`, `analytics`, `parts_policy`, `kiosk`, `certificates`, `emergencies`, `documents`,
`attachments`, `drafting`, `admission`, `shifts`, `stopping`), all on the one `router` the API root mounts; `common` and
`schemas` hold what they share.
"""

import importlib

from .common import router

# Importing a module registers its endpoints on `router`, in the order of the published schema: the lists and the
# certificates and emergencies before `/{record_id}` and its acts.
SUB_DOMAINS = ("lists", "analytics", "parts_policy", "kiosk", "certificates", "emergencies", "documents",
               "attachments", "drafting", "admission", "shifts", "stopping")
for _module in SUB_DOMAINS:
    importlib.import_module(f"{__name__}.{_module}")

__all__ = ["router"]
