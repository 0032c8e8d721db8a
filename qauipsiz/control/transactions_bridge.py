"""One transaction with the ledger's entries appended at its end, for writes that call several services at once."""

from qauipsiz import transactions
from qauipsiz.ledger import services as ledger


def atomic_with_ledger(work):
    @transactions.atomic
    def run():
        with ledger.deferred():
            return work()
    return run()
