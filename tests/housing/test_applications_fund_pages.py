"""Steps 5 to 8 as plain forms on the application page (no JavaScript): the authorisation
needs its tick, a document goes up as multipart, the officer submits and transfers; a
form value the page cannot read is said beside the form, and nothing changes."""

from __future__ import annotations

from cityhub.models.housing.applications import RentalApplication, RentalDocument, RentTransfer
from tests.helpers import csrf_from, sign_in
from tests.housing.fund_support import PDF, approved, verified
from tests.housing.test_applications_transfer import this_month


async def post_step(client, application: str, data: dict, files=None):
    path = f"/housing/applications/{application}"
    page = await client.get(path)
    return await client.post(
        path + "/step", data={"csrf_token": csrf_from(page.text), **data}, files=files
    )


async def test_the_applicant_authorises_and_uploads_from_the_page(client):
    application = await verified(client, "page-tenant")
    await sign_in(client, "page-tenant")
    page = await client.get(f"/housing/applications/{application}")
    assert "我已阅读并同意授权书" in page.text and 'type="file"' in page.text
    unticked = await post_step(client, application, {"action": "sign_authorization"})
    assert unticked.status_code == 422 and "请先阅读并勾选同意授权书" in unticked.text
    assert await RentalApplication.filter(state="verified", is_sample=False).count() == 1
    ticked = await post_step(
        client, application, {"action": "sign_authorization", "consent": "yes"}
    )
    assert ticked.status_code == 303
    no_file = await post_step(client, application, {"action": "upload_document", "kind": "id_card"})
    assert no_file.status_code == 422 and "请选择要上传的文件" in no_file.text
    sent = await post_step(
        client,
        application,
        {"action": "upload_document", "kind": "id_card"},
        files={"file": ("身份证.pdf", PDF, "application/pdf")},
    )
    assert sent.status_code == 303
    shown = await client.get(f"/housing/applications/{application}")
    assert "身份证.pdf" in shown.text and "已签署授权书" in shown.text
    assert await RentalDocument.all().count() == 1


async def test_a_bad_kind_is_said_on_the_page(client):
    application = await verified(client, "page-kind")
    refused = await post_step(
        client,
        application,
        {"action": "upload_document", "kind": "passport"},
        files={"file": ("x.pdf", PDF, "application/pdf")},
    )
    assert refused.status_code == 422 and "请选择资料类型" in refused.text
    assert await RentalDocument.all().count() == 0


async def test_the_officer_transfers_from_the_page(client):
    application = await approved(client, "page-payer")
    page = await client.get(f"/housing/applications/{application}")
    assert f'value="{this_month()[:7]}"' in page.text  # the lease month offered first
    for period, months in (("2025-13", "1"), ("next month", "1"), (this_month()[:7], "")):
        refused = await post_step(
            client, application, {"action": "transfer_rent", "period": period, "months": months}
        )
        assert refused.status_code == 422
    assert await RentTransfer.filter(is_sample=False).count() == 0
    done = await post_step(
        client, application, {"action": "transfer_rent", "period": this_month()[:7], "months": "2"}
    )
    assert done.status_code == 303
    shown = await client.get(f"/housing/applications/{application}")
    assert "房租已划转" in shown.text and "SIMT-" in shown.text and "模拟" in shown.text
    twice = await post_step(
        client, application, {"action": "transfer_rent", "period": this_month()[:7], "months": "2"}
    )
    assert twice.status_code == 422 and "该期间的房租已划转或正在划转" in twice.text
