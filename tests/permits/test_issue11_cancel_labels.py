"""Issue 11: "Cancel" never means two things. In Russian «Отмена» labelled both the act that annuls a permit and the
button that closes a dialog."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from qauipsiz.permits.acts import Act, CertificateAct


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_annulling_a_permit_or_a_certificate_never_reads_as_closing_a_dialog(language):
    with translation.override(language):
        dialog = gettext("Cancel")
        for act in (Act.CANCEL, CertificateAct.CANCEL):
            assert str(act.label) != dialog, (language, act)
            assert str(act.label) != dialog.lower()
