from ninja import Router, Schema

from qauipsiz.accounts.api import ErrorOut
from qauipsiz.accounts.policy import visible_to

from .models import ToyRecord

router = Router(tags=["toy"])


class ToyRecordOut(Schema):
    id: int
    title: str


@router.get("/records", response={200: list[ToyRecordOut], 401: ErrorOut}, operation_id="toy_records_list")
def records(request):
    return list(visible_to(request.user, ToyRecord).order_by("pk"))
