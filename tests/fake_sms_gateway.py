"""A local stand-in for Tencent Cloud's SMS API (2021-01-11), for the real SDK to call:
SendSms and PullSmsSendStatus, as JSON over HTTP on a free loopback port."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

SECRET_ID = "AKIDfake-test-id"


@dataclass
class FakeTencentSms:
    sent: list[tuple[str, str, str]] = field(default_factory=list)  # (phone, text, SerialNo)
    fail_calls: list[str] = field(default_factory=list)  # codes for the next SendSms calls
    refuse: dict[str, str] = field(default_factory=dict)  # phone -> per-number code
    undelivered: set[str] = field(default_factory=set)  # phones reported FAIL
    report: bool = False  # whether PullSmsSendStatus reports what was sent
    delay: float = 0.0  # seconds each SendSms takes
    calls: list[str] = field(default_factory=list)
    _reported: int = 0
    url: str = ""

    def _error(self, code: str) -> JSONResponse:
        error = {"Code": code, "Message": f"fake {code}"}
        return JSONResponse({"Response": {"Error": error, "RequestId": "fake"}})

    def _send(self, body: dict) -> JSONResponse:
        time.sleep(self.delay)  # the SDK waits in a worker thread; this server's too
        if self.fail_calls:
            return self._error(self.fail_calls.pop(0))
        statuses = []
        for phone in body["PhoneNumberSet"]:
            if phone in self.refuse:
                code = self.refuse[phone]
                statuses.append({"PhoneNumber": phone, "Code": code, "Message": "refused"})
                continue
            serial = f"2433:{len(self.sent) + 1:08d}"
            self.sent.append((phone, body["TemplateParamSet"][0], serial))
            statuses.append(
                {
                    "SerialNo": serial,
                    "PhoneNumber": phone,
                    "Fee": 1,
                    "Code": "Ok",
                    "Message": "send success",
                    "IsoCode": "CN",
                    "SessionContext": "",
                }
            )
        return JSONResponse({"Response": {"SendStatusSet": statuses, "RequestId": "fake"}})

    def _pull(self, body: dict) -> JSONResponse:
        found = []
        if self.report:
            for phone, _, serial in self.sent[self._reported : self._reported + body["Limit"]]:
                ok = phone not in self.undelivered
                found.append(
                    {
                        "SerialNo": serial,
                        "PhoneNumber": phone,
                        "UserReceiveTime": "2026-12-02 18:30:05",
                        "ReportStatus": "SUCCESS" if ok else "FAIL",
                        "Description": "DELIVRD" if ok else "MK:0001",
                        "CountryCode": "86",
                        "SubscriberNumber": phone[3:],
                        "SessionContext": "",
                    }
                )
            self._reported += len(found)
        return JSONResponse({"Response": {"PullSmsSendStatusSet": found, "RequestId": "f"}})

    async def handle(self, request: Request) -> JSONResponse:
        action = request.headers.get("X-TC-Action", "")
        self.calls.append(action)
        if not request.headers.get("Authorization", "").startswith(
            f"TC3-HMAC-SHA256 Credential={SECRET_ID}/"
        ):
            return self._error("AuthFailure.SignatureFailure")
        body = await request.json()
        if action == "SendSms":
            return self._send(body)
        if action == "PullSmsSendStatus":
            return self._pull(body)
        return self._error("InvalidAction")


def serve(fake: FakeTencentSms):
    """Run ``fake`` under uvicorn in a daemon thread; returns the server (stop it with
    should_exit) once it listens at ``fake.url``."""
    app = Starlette(routes=[Route("/", fake.handle, methods=["POST"])])
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    fake.url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    config = uvicorn.Config(app, log_config=None, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    server.thread, server.listener = thread, listener  # type: ignore[attr-defined]
    return server
