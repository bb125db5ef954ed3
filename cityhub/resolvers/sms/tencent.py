"""Tencent Cloud SMS (API 2021-01-11) through its official SDK, the `sms-tencent` extra.

Each broadcast text goes out as the one parameter of an approved template ({1}); one
SendSms call takes at most 200 numbers with the same text, each answered with a SerialNo
(the reference) or a code. PullSmsSendStatus gives the delivery reports by SerialNo.
The SDK is synchronous (requests): calls run in a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
    TencentCloudSDKException,
)
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models, sms_client

from cityhub import clock
from cityhub.resolvers.sms.gateways import GatewayUnavailable, Outcome, Outgoing, Report

logger = logging.getLogger("cityhub.sms.tencent")
PER_CALL = 200  # numbers per SendSms call (Tencent's limit)
REPORTS_PER_PULL = 100  # PullSmsSendStatus's largest Limit
MAX_PULLS = 20  # report pages read per relay pass; the rest wait for the next pass
# Codes worth trying again: Tencent's own trouble and its rate limits. Any other code
# (a bad number, an unapproved template or signature, no balance) fails the message.
RETRY_PREFIXES = (
    "InternalError",
    "RequestLimitExceeded",
    "LimitExceeded",
    "ClientNetworkError",
    "ServerNetworkError",
)


@dataclass(frozen=True)
class TencentConfig:
    endpoint: str  # https://sms.tencentcloudapi.com, or a test server's http:// URL
    region: str
    secret_id: str
    secret_key: str
    app_id: str
    sign_name: str
    template_id: str
    timeout: int = 10


def _phone(number: str) -> str:
    return number if number.startswith("+") else f"+86{number}"


def _retry(code: str) -> bool:
    return code.startswith(RETRY_PREFIXES)


def _calls(messages: Sequence[Outgoing]) -> list[list[Outgoing]]:
    """Messages grouped by text, at most PER_CALL a call and each phone once per call (the
    answer names the number, not the message)."""
    calls: list[list[Outgoing]] = []
    open_calls: dict[str, list[list[Outgoing]]] = {}
    for message in messages:
        groups = open_calls.setdefault(message.text, [])
        group = next(
            (g for g in groups if len(g) < PER_CALL and all(m.phone != message.phone for m in g)),
            None,
        )
        if group is None:
            group = []
            groups.append(group)
            calls.append(group)
        group.append(message)
    return calls


class TencentGateway:
    name = "tencent"

    def __init__(self, config: TencentConfig) -> None:
        self.config = config
        parts = urlsplit(config.endpoint)
        http = HttpProfile(protocol=parts.scheme, endpoint=parts.netloc, reqTimeout=config.timeout)
        self.client = sms_client.SmsClient(
            credential.Credential(config.secret_id, config.secret_key),
            config.region,
            ClientProfile(httpProfile=http),
        )

    async def send(self, messages: Sequence[Outgoing]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        calls = _calls(messages)
        refused: list[tuple[str, str]] = []  # calls refused whole: (code, message)
        for call in calls:
            try:
                outcomes += await asyncio.to_thread(self._send_call, call)
            except TencentCloudSDKException as error:
                code, text = str(error.get_code() or "ClientError"), str(error.get_message())
                logger.warning("Tencent SendSms refused a call: %s %s", code, text)
                refused.append((code, text))
                outcomes += [Outcome(m.id, "", code, text, retry=_retry(code)) for m in call]
        if refused and len(refused) == len(calls) and all(o.retry for o in outcomes):
            raise GatewayUnavailable(*refused[0])
        return outcomes

    def _send_call(self, call: list[Outgoing]) -> list[Outcome]:
        request = models.SendSmsRequest()
        request.PhoneNumberSet = [_phone(m.phone) for m in call]
        request.SmsSdkAppId = self.config.app_id
        request.SignName = self.config.sign_name
        request.TemplateId = self.config.template_id
        request.TemplateParamSet = [call[0].text]
        response = self.client.SendSms(request)
        by_phone = {_phone(m.phone): m for m in call}
        outcomes = []
        for status in response.SendStatusSet or []:
            message = by_phone.pop(status.PhoneNumber, None)
            if message is None:
                continue
            if status.Code == "Ok":
                outcomes.append(Outcome(message.id, reference=status.SerialNo or ""))
            else:
                code = status.Code or "Unknown"
                outcomes.append(Outcome(message.id, "", code, status.Message or "", _retry(code)))
        # A number the answer does not name was not taken: try it again.
        missing = "MissingFromResponse"
        outcomes += [Outcome(m.id, "", missing, "", retry=True) for m in by_phone.values()]
        return outcomes

    async def reports(self) -> list[Report]:
        found: list[Report] = []
        for _ in range(MAX_PULLS):
            try:
                page = await asyncio.to_thread(self._pull)
            except TencentCloudSDKException as error:
                logger.warning("Tencent PullSmsSendStatus failed: %s", error.get_code())
                break
            found += page
            if len(page) < REPORTS_PER_PULL:
                break
        return found

    def _pull(self) -> list[Report]:
        request = models.PullSmsSendStatusRequest()
        request.SmsSdkAppId = self.config.app_id
        request.Limit = REPORTS_PER_PULL
        response = self.client.PullSmsSendStatus(request)
        return [_report(status) for status in response.PullSmsSendStatusSet or []]


def _report(status: Any) -> Report:
    delivered = status.ReportStatus == "SUCCESS"
    return Report(
        reference=status.SerialNo or "",
        delivered=delivered,
        error_code="" if delivered else str(status.ReportStatus or "FAIL"),
        error_message="" if delivered else str(status.Description or ""),
        at=_received(status.UserReceiveTime),
    )


def _received(text: str | None) -> datetime | None:
    """'2026-12-02 18:30:05' on Beijing time, as UTC; None when absent or unreadable."""
    try:
        moment = datetime.strptime(text or "", "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return moment.replace(tzinfo=clock.SHANGHAI).astimezone(clock.now().tzinfo)
