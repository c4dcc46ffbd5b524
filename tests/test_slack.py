"""Slack incoming webhooks, against a real HTTP server on 127.0.0.1."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from okrfile import slack
from tests.conftest import run_okrfile

SECRET = "/services/T000/B000/s3cr3t-t0ken"


class Hook:
    """A webhook that answers with the statuses it is given, then 200."""

    def __init__(self, answers=()):
        self.answers = list(answers)
        self.received: list[dict] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.received.append({"path": self.path, "type": self.headers["Content-Type"], "json": json.loads(body)})
                status, headers, text = hook.answers.pop(0) if hook.answers else (200, {}, "ok")
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(text.encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}{SECRET}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook():
    made = []

    def make(*answers):
        made.append(Hook(answers))
        return made[-1]

    yield make
    for h in made:
        h.close()


def test_digest_is_posted(cli, acme, hook):
    server = hook()
    result = cli("digest", "-w", acme, "--week", "2026-W47", "--post", server.url)
    assert result.exit_code == 0, result.output
    (request,) = server.received
    assert request["path"] == SECRET and request["type"] == "application/json"
    message = request["json"]
    assert message["text"].startswith("*Weekly digest 2026-W47*")
    assert message["blocks"][0]["type"] == "section" and message["blocks"][0]["text"]["type"] == "mrkdwn"
    assert "Farah Haddad" in "".join(b["text"]["text"] for b in message["blocks"])
    assert "s3cr3t" not in result.output


def test_retries_429_then_succeeds(cli, acme, hook):
    server = hook((429, {"Retry-After": "0"}, "rate_limited"))
    result = cli("silence", "-w", acme, "--week", "2026-W47", "--post", server.url)
    assert result.exit_code == 0, result.output
    assert len(server.received) == 2 and "after 2 attempts" in result.output


def test_client_error_is_not_retried_and_url_stays_secret(acme, hook):
    server = hook((400, {}, "invalid_payload"))
    result = run_okrfile("digest", "-w", acme, "--week", "2026-W47", "--post", server.url)
    assert result.returncode == 1
    assert "400" in result.stderr and "invalid_payload" in result.stderr
    assert "s3cr3t" not in result.stderr + result.stdout
    assert len(server.received) == 1


def test_server_errors_back_off_then_give_up(hook):
    server = hook(*[(503, {}, "busy")] * 5)
    waits = []
    with pytest.raises(slack.SlackError) as failure:
        slack.post(server.url, slack.payload("hi"), attempts=4, backoff=0.5, sleep=waits.append)
    assert waits == [0.5, 1.0, 2.0]  # exponential, between the four attempts
    assert len(server.received) == 4
    assert "503" in str(failure.value) and "s3cr3t" not in str(failure.value)


def test_5xx_then_success(hook):
    server = hook((500, {}, "oops"), (502, {}, "oops"))
    assert slack.post(server.url, slack.payload("hi"), sleep=lambda s: None) == 3


def test_unreachable(tmp_path):
    with pytest.raises(slack.SlackError) as failure:
        slack.post(f"http://127.0.0.1:9{SECRET}", slack.payload("hi"), attempts=2, sleep=lambda s: None)
    assert "could not reach Slack" in str(failure.value) and "s3cr3t" not in str(failure.value)


def test_post_env_reads_the_secret_from_the_environment(acme, hook):
    import os

    server = hook()
    env = {**os.environ, "OKRFILE_SLACK_WEBHOOK": server.url}
    result = run_okrfile("silence", "-w", acme, "--week", "2026-W47", "--post", "env", env=env)
    assert result.returncode == 0 and len(server.received) == 1
    assert "s3cr3t" not in result.stderr + result.stdout
    env.pop("OKRFILE_SLACK_WEBHOOK")
    missing = run_okrfile("silence", "-w", acme, "--week", "2026-W47", "--post", "env", env=env)
    assert missing.returncode == 2 and "OKRFILE_SLACK_WEBHOOK" in missing.stderr


def test_long_messages_split_into_sections():
    message = slack.payload("\n".join(f"line {i} " + "x" * 80 for i in range(200)))
    assert len(message["blocks"]) > 1
    assert all(len(b["text"]["text"]) <= slack.SECTION_LIMIT for b in message["blocks"])
    assert len(message["text"]) <= slack.SECTION_LIMIT


@pytest.mark.parametrize(
    "url",
    ["http://[::1/services/x", "http://127.0.0.1:99999/services/x", "https://hooks.slack.com/services/T0/B0/s3cr3t xyz", "https://hooks.slack.com/services/T0/B0/s3cr3t\t"],
)
def test_malformed_url(url):
    with pytest.raises(slack.SlackError) as failure:
        slack.post(url, slack.payload("hi"), sleep=lambda s: None)
    assert "malformed" in str(failure.value) and "s3cr3t" not in str(failure.value)


def test_refused_and_unresolvable_are_not_retried():
    waits = []
    for url in ("http://127.0.0.1:9/services/x", "http://no-such-host.invalid/services/x"):
        with pytest.raises(slack.SlackError):
            slack.post(url, slack.payload("hi"), sleep=waits.append)
    assert waits == []


@pytest.mark.parametrize("command", ["digest", "silence"])
def test_a_post_option_that_is_no_url_is_a_usage_error_before_any_output(acme, command, monkeypatch):
    result = run_okrfile(command, "-w", acme, "--week", "2026-W47", "--post", "notaurl")
    assert result.returncode == 2 and result.stdout == "" and "webhook URL" in result.stderr
    monkeypatch.delenv("OKRFILE_SLACK_WEBHOOK", raising=False)
    unset = run_okrfile(command, "-w", acme, "--week", "2026-W47", "--post", "env")
    assert unset.returncode == 2 and unset.stdout == "" and "OKRFILE_SLACK_WEBHOOK" in unset.stderr
