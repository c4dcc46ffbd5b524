"""Posting to a Slack incoming webhook (api.slack.com/messaging/webhooks).

The webhook URL is a secret: it is never printed, logged or put in an error message.
429 and 5xx answers are retried with exponential backoff (honouring Retry-After);
anything else is a SlackError saying what Slack answered.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Callable

SECTION_LIMIT = 3000  # characters of text in one section block


class SlackError(Exception):
    pass


def payload(text: str) -> dict:
    """The message: `text` is the notification fallback; blocks carry it in sections."""
    blocks, chunk = [], ""
    for line in text.splitlines():
        if len(chunk) + len(line) + 1 > SECTION_LIMIT:
            blocks.append(chunk)
            chunk = ""
        chunk += line[:SECTION_LIMIT] + "\n"
    if chunk.strip():
        blocks.append(chunk)
    return {
        "text": text[:SECTION_LIMIT],
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": b.rstrip()}} for b in blocks if b.strip()],
    }


def post(
    url: str,
    message: dict,
    *,
    attempts: int = 5,
    backoff: float = 1.0,
    timeout: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """POST the message; the number of attempts it took."""
    if not url.startswith(("https://", "http://")):
        raise SlackError("the webhook is not an http(s) URL")
    try:
        parts = urllib.parse.urlsplit(url)
        if not parts.hostname or (parts.port is not None and not 0 < parts.port < 65536):
            raise ValueError
        if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
            raise ValueError  # a space or a control character (a pasted token): http.client refuses it, saying the URL
    except ValueError:  # an unclosed [, a port out of range, no host
        raise SlackError("the webhook URL is malformed") from None
    body = json.dumps(message).encode()
    for attempt in range(1, attempts + 1):
        request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
                return attempt
        except urllib.error.HTTPError as exc:
            answer = exc.read(300).decode("utf-8", "replace").strip()
            retryable = exc.code == 429 or exc.code >= 500
            if not retryable or attempt == attempts:
                raise SlackError(f"Slack answered {exc.code} {exc.reason}: {answer or 'no details'}") from None
            wait = _retry_after(exc.headers.get("Retry-After"), backoff * 2 ** (attempt - 1))
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            # a name that does not resolve, or nobody listening, will not change in seconds
            permanent = isinstance(reason, (socket.gaierror, ConnectionRefusedError))
            if permanent or attempt == attempts:
                tries = f" after {attempt} attempts" if attempt > 1 else ""
                raise SlackError(f"could not reach Slack{tries}: {_describe(reason)}") from None
            wait = backoff * 2 ** (attempt - 1)
        sleep(wait)
    raise SlackError("not sent")  # unreachable: the loop returns or raises


def _describe(reason) -> str:
    """The network error, without the URL (urllib's messages never hold it; be sure)."""
    if isinstance(reason, socket.gaierror):
        return "the host name does not resolve"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    return type(reason).__name__ if not isinstance(reason, str) else "network error"


def _retry_after(header: str | None, default: float) -> float:
    try:
        return min(60.0, max(0.0, float(header))) if header else default
    except ValueError:
        return default
