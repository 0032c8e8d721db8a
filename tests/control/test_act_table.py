"""The act table of production control, read as data (the guide: workflows are data, tested exhaustively).

Every act each sub-domain declares in `qauipsiz.control.acts.ACTS` is checked here for what `perform()` and the pages
rely on, whatever sub-domain it belongs to: a unique code, a label and a past-tense record of it, roles that exist,
sources and a target among the statuses of the record it acts on, a purpose for every signature, and a known
audience for every notice; and every act a person performs on a page is registered once.
"""

import pytest

from qauipsiz.accounts.choices import Role
from qauipsiz.acts.declarations import ActDeclaration
from qauipsiz.control.acts import ACTS
from qauipsiz.control.notices import AUDIENCES
from qauipsiz.control.registered import CONTROL_ACTS

DECLARED = sorted(ACTS.items())


def test_every_entry_of_the_table_is_a_declaration_under_its_own_code():
    assert all(isinstance(act, ActDeclaration) for _, act in DECLARED)
    assert len({act.code for _, act in DECLARED}) == len(DECLARED)


@pytest.mark.parametrize(("key", "act"), DECLARED, ids=[key for key, _ in DECLARED])
def test_each_act_names_real_roles_signers_and_audiences(key, act):
    assert str(act.label) and act.roles, key
    assert act.roles <= set(Role.values), act.roles - set(Role.values)
    for signer in act.signers:
        assert signer.purpose, key
    for notice in act.notices:
        assert notice.audience in AUDIENCES, (key, notice.audience)


def test_each_registered_act_is_declared_in_the_table_and_registered_once():
    declared = {id(act) for _, act in DECLARED}
    assert all(id(registered.declaration) in declared for registered in CONTROL_ACTS)
    keys = [(registered.model, registered.declaration.code) for registered in CONTROL_ACTS]
    assert len(keys) == len(set(keys))
