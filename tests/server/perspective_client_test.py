#!/usr/bin/python3
"""Drives `byteback serve` with Google's own API client library, exactly as a
Perspective API user does, changing only the base URL (the discovery URL).

Usage: perspective_client_test.py BYTEBACK_BINARY
Needs Debian's python3-googleapi (scripts/install-deps.sh test).
"""
import http.cookiejar
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from googleapiclient import discovery, errors

PASSWORD = "correct horse battery staple"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def main():
    binary = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="bb_perspective_client_")
    server = None
    try:
        data = os.path.join(work, "var")
        os.mkdir(data)
        subprocess.run([binary, "admin", "create-user", "--data-dir", data, "--email",
                        "admin@example.org", "--role", "admin"],
                       input=PASSWORD + "\n", text=True, check=True, capture_output=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([binary, "serve", "--data-dir", data, "--listen", f"127.0.0.1:{port}"],
                                  stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "serve.log"), "w"))
        for _ in range(300):  # the server answers /healthz once it listens
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                if server.poll() is not None:
                    raise AssertionError("byteback serve exited: " + open(os.path.join(work, "serve.log")).read())
                time.sleep(0.1)

        # An API key, made the way a user makes one: sign in, then ask.
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        login = urllib.request.Request(base + "/api/v1/auth/login", method="POST",
                                       data=json.dumps({"email": "admin@example.org", "password": PASSWORD}).encode(),
                                       headers={"Content-Type": "application/json"})
        csrf = json.load(opener.open(login))["csrf_token"]
        make_key = urllib.request.Request(base + "/api/v1/api-keys", method="POST",
                                          data=json.dumps({"name": "comments"}).encode(),
                                          headers={"Content-Type": "application/json", "X-CSRF-Token": csrf})
        key = json.load(opener.open(make_key))["secret"]

        # The code of a Perspective user, with only the discovery URL changed.
        client = discovery.build("commentanalyzer", "v1alpha1", developerKey=key,
                                 discoveryServiceUrl=base + "/$discovery/rest?version={apiVersion}",
                                 cache_discovery=False)
        response = client.comments().analyze(body={
            "comment": {"text": "tu randi hai, chup kar"},
            "requestedAttributes": {"TOXICITY": {}, "INSULT": {}, "GENDERED_ABUSE": {}},
            "doNotStore": True,
            "clientToken": "client-1",
        }).execute()
        tox = response["attributeScores"]["TOXICITY"]["summaryScore"]
        check(tox["type"] == "PROBABILITY", response)
        check(tox["value"] > 0.8, response)
        check(response["clientToken"] == "client-1", response)
        check(response["languages"] == ["hi-Latn"], response)

        clean = client.comments().analyze(body={
            "comment": {"text": "Thank you for your reporting on the floods."},
            "languages": ["en"],
            "requestedAttributes": {"TOXICITY": {}},
        }).execute()
        check(clean["attributeScores"]["TOXICITY"]["summaryScore"]["value"] < 0.5, clean)

        # Errors reach the client as Google's HttpError with Perspective's body.
        try:
            client.comments().analyze(body={"comment": {"text": "hello"},
                                            "requestedAttributes": {"FLIRTATION": {}}}).execute()
            raise AssertionError("an unknown attribute was accepted")
        except errors.HttpError as e:
            check(e.resp.status == 400, e)
            body = json.loads(e.content)
            check(body["error"]["status"] == "INVALID_ARGUMENT", body)
            check("Unknown requested attribute: FLIRTATION" in body["error"]["message"], body)

        # A wrong key is refused as Google refuses it.
        bad = discovery.build("commentanalyzer", "v1alpha1", developerKey="bbk_wrong",
                              discoveryServiceUrl=base + "/$discovery/rest?version={apiVersion}",
                              cache_discovery=False)
        try:
            bad.comments().analyze(body={"comment": {"text": "hello"},
                                         "requestedAttributes": {"TOXICITY": {}}}).execute()
            raise AssertionError("a wrong key was accepted")
        except errors.HttpError as e:
            check(e.resp.status == 400 and b"API key not valid" in e.content, e.content)
        print("perspective client: ok")
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
