"""Each production-control act registered once (`acts.registered.RegisteredAct`): its page under /control/, its
action on the record's page and its API endpoint under /api/v1/control/. Each sub-domain adds its acts to the list."""

CONTROL_ACTS: list = []
