#!/usr/bin/env python3
"""The reference the inbound benchmark compares mailbridge with: a one-shot imaplib client that signs in with
XOAUTH2, fetches every message of INBOX (BODY.PEEK[], one command per message) and posts each as JSON to the ERP
sink. It moves nothing, records nothing and checks nothing: strictly less work than mailbridge does.

Usage: imap_reference_client.py HOST PORT USER TOKEN SINK_URL
Prints: "reference: N messages in S s, CPU C s"
"""
import base64
import imaplib
import json
import resource
import sys
import time
import urllib.request


def main():
    host, port, user, token, sink = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    start = time.monotonic()
    imap = imaplib.IMAP4(host, port)
    imap.authenticate("XOAUTH2", lambda _: f"user={user}\x01auth=Bearer {token}\x01\x01".encode())
    imap.select("INBOX", readonly=True)
    _, data = imap.uid("SEARCH", None, "ALL")
    uids = data[0].split()
    for uid in uids:
        _, parts = imap.uid("FETCH", uid, "(BODY.PEEK[])")
        raw = parts[0][1]
        document = json.dumps({"uid": int(uid), "raw": base64.b64encode(raw).decode("ascii")}).encode()
        request = urllib.request.Request(sink, data=document, headers={"Content-Type": "application/json",
                                                                      "Idempotency-Key": "reference-" + uid.decode()})
        with urllib.request.urlopen(request) as reply:
            reply.read()
    imap.logout()
    seconds = time.monotonic() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"reference: {len(uids)} messages in {seconds:.3f} s, CPU {usage.ru_utime + usage.ru_stime:.3f} s")


if __name__ == "__main__":
    main()
