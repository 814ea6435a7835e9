#!/usr/bin/python3
"""Drives a real `byteback serve`:
1. with Google's own API client library, exactly as a Perspective API user
   does, changing only the base URL (the discovery URL);
2. SIGHUP reloads the lexicons: a new term is live, a broken file is refused
   and the old detector keeps serving.

Usage: serve_shield_test.py BYTEBACK_BINARY SOURCE_DIR
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
    source = os.path.abspath(sys.argv[2])
    work = tempfile.mkdtemp(prefix="bb_serve_shield_")
    server = None
    try:
        data = os.path.join(work, "var")
        os.mkdir(data)
        subprocess.run([binary, "admin", "create-user", "--data-dir", data, "--email",
                        "admin@example.org", "--role", "admin"],
                       input=PASSWORD + "\n", text=True, check=True, capture_output=True)
        lexicons = os.path.join(work, "lexicons")
        shutil.copytree(os.path.join(source, "data", "lexicons"), lexicons)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log_path = os.path.join(work, "serve.log")
        server = subprocess.Popen([binary, "serve", "--data-dir", data, "--listen", f"127.0.0.1:{port}",
                                   "--model", os.path.join(source, "data", "models", "shield.bbm"),
                                   "--lexicons", lexicons],
                                  stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
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
        print("perspective client: ok", flush=True)

        # SIGHUP: a term added to a lexicon file becomes live without a restart.
        def spans(text):
            req = urllib.request.Request(base + "/api/v1/score", method="POST",
                                         data=json.dumps({"text": text}).encode(),
                                         headers={"Content-Type": "application/json", "X-API-Key": key})
            return json.load(urllib.request.urlopen(req))["results"][0]["spans"]

        def wait_for(cond, what):
            for _ in range(200):
                if cond():
                    return
                time.sleep(0.05)
            raise AssertionError(what + "\n" + open(log_path).read())

        check(spans("such a grembleflox") == [], "the new term matched before it was added")
        with open(os.path.join(lexicons, "added.tsv"), "w") as f:
            f.write("term\tlang\tcategory\tseverity\tnotes\ngrembleflox\ten\tinsult\t3\ttest\n")
        server.send_signal(signal.SIGHUP)
        wait_for(lambda: spans("such a grembleflox") != [], "SIGHUP did not load the new term")
        # A broken file: refused, logged, and the last good detector keeps serving.
        with open(os.path.join(lexicons, "broken.tsv"), "w") as f:
            f.write("term\tlang\tcategory\tseverity\tnotes\nfoo\ten\tnonsense\t9\t\n")
        server.send_signal(signal.SIGHUP)
        wait_for(lambda: "reload rejected" in open(log_path).read(), "the broken file was not reported")
        check("broken.tsv" in open(log_path).read(), "the log does not name the broken file")
        check(spans("such a grembleflox") != [], "the old detector stopped serving")
        check(server.poll() is None, "the server died")
        print("sighup reload: ok")
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
