#!/usr/bin/env python3
"""What a mail client shows of each message, read by Python's own email package: the reference the inbound corpus
test compares mailbridge's documents with.

Usage: python3 mime_reference.py <corpus-dir>   prints one JSON object: {"<file>.eml": {...}, ...}

Parsing and decoding are Python's (email.parser.BytesParser with email.policy.default, the codecs module). Only the
rules that say what a client displays as the body are written out here, as the README's inbound section states them:

- A leaf is an attachment when it has a file name, an 'attachment' disposition, or a type other than text/plain and
  text/html; message/rfc822 and message/global leaves are forwarded messages (attachments too).
- multipart/alternative: the text body comes from the last alternative that is or holds an inline text/plain part,
  the HTML body from the last one that is or holds an inline text/html part; other alternatives contribute nothing.
  When no alternative holds either, the last alternative is walked (a calendar becomes an attachment).
- Every other multipart (mixed, related, signed, report, digest...): children in order; inline text/plain parts are
  appended to the text body and inline text/html parts to the HTML body, joined with one line break.
- A body with no part is null; one whose parts are all empty is "".

Raw 8-bit bytes in headers (Python keeps them as surrogate escapes) are read as UTF-8 when valid, else windows-1252.
Charset names mailers write wrongly are read as mailbridge documents it (the README's inbound section): the vendor
supersets of ISO-8859-1, GB2312, Shift_JIS, EUC-KR and TIS-620; 8-bit bytes under us-ascii or no charset as UTF-8
when valid, else windows-1252; invalid UTF-8 as windows-1252; unknown names as UTF-8 when valid, else windows-1252.
"""
import codecs
import email
import email.policy
import hashlib
import json
import os
import re
import sys
from email.parser import BytesParser

SUPERSETS = {
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "iso_8859-1": "cp1252",
    "gb2312": "gbk", "shift_jis": "cp932", "euc-kr": "cp949", "tis-620": "cp874",
}
ALIASES = {
    "iso-8859-8-i": "iso-8859-8", "iso-8859-8-e": "iso-8859-8", "iso-8859-6-i": "iso-8859-6",
    "iso-8859-6-e": "iso-8859-6", "ks_c_5601-1987": "cp949", "x-mac-roman": "mac-roman",
    "unicode-1-1-utf-7": "utf-7", "x-sjis": "cp932", "windows-874": "cp874",
}


def is_utf8(data):
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def guess(data):
    return data.decode("utf-8") if is_utf8(data) else data.decode("cp1252", errors="replace")


def decode_text(part):
    data = part.get_payload(decode=True) or b""
    declared = part.get_param("charset")
    if isinstance(declared, tuple):  # RFC 2231 charset*=
        declared = email.utils.collapse_rfc2231_value(declared)
    name = (declared or "").strip().lower()
    if not name:
        text = data.decode("ascii") if data.isascii() else guess(data)
    elif name in ("us-ascii", "ascii", "ansi_x3.4-1968"):
        text = data.decode("ascii") if data.isascii() else data.decode("cp1252", errors="replace")
    else:
        codec = SUPERSETS.get(name) or ALIASES.get(name) or name
        try:
            codecs.lookup(codec)
        except LookupError:
            codec = None
        if codec is None:
            text = guess(data)
        elif codecs.lookup(codec).name == "utf-8" and not is_utf8(data):
            text = data.decode("cp1252", errors="replace")
        else:
            text = data.decode(codec, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def attached(part):
    return part.get_content_disposition() == "attachment" or part.get_filename() is not None


def holds(part, body_type):
    if part.get_content_maintype() == "multipart":
        return any(holds(child, body_type) for child in part.iter_parts())
    return part.get_content_type() == body_type and not attached(part)


class Reader:
    def __init__(self):
        self.text = []
        self.html = []
        self.attachments = []
        self.status = None
        self.returned = None

    def visit(self, part, want_text=True, want_html=True, in_report=False):
        ctype = part.get_content_type()
        if part.get_content_maintype() == "multipart":
            children = list(part.iter_parts())
            report = in_report or (ctype == "multipart/report"
                                   and (part.get_param("report-type") or "").lower() == "delivery-status")
            if ctype == "multipart/alternative":
                text = max((i for i, c in enumerate(children) if want_text and holds(c, "text/plain")), default=-1)
                html = max((i for i, c in enumerate(children) if want_html and holds(c, "text/html")), default=-1)
                if text < 0 and html < 0:
                    if children:
                        self.visit(children[-1], want_text, want_html, report)
                elif text == html:
                    self.visit(children[text], want_text, want_html, report)
                else:
                    for i in sorted(i for i in (text, html) if i >= 0):
                        self.visit(children[i], i == text, i == html, report)
                return
            for child in children:
                self.visit(child, want_text, want_html, report)
            return
        if ctype in ("message/rfc822", "message/global"):
            inner = part.get_payload(0) if part.is_multipart() else None
            self.attachments.append({"name": part.get_filename(), "type": ctype, "forwarded": True,
                                     "forwardedSubject": None if inner is None or inner["subject"] is None
                                     else header_text(inner["subject"])})
            if in_report and self.returned is None and inner is not None:
                self.returned = inner
            return
        if ctype == "text/plain" and not attached(part):
            if want_text:
                self.text.append(decode_text(part))
            return
        if ctype == "text/html" and not attached(part):
            if want_html:
                self.html.append(decode_text(part))
            return
        if ctype in ("message/delivery-status", "message/global-delivery-status"):
            # Python parses it into header blocks and keeps no bytes to measure: compared by type (and as `report`)
            self.attachments.append({"name": part.get_filename(), "type": ctype, "fields": True})
            if in_report and self.status is None:
                self.status = part
            return
        data = part.get_payload(decode=True)
        if data is None:
            data = part.get_payload().encode("utf-8", "surrogateescape") if isinstance(part.get_payload(), str) else b""
        cid = part.get("content-id")
        self.attachments.append({"name": part.get_filename(), "type": ctype, "size": len(data),
                                 "sha256": hashlib.sha256(data).hexdigest(),
                                 "contentId": str(cid).strip().strip("<>").strip() if cid else None})
        if in_report and ctype == "text/rfc822-headers" and self.returned is None:
            self.returned = BytesParser(policy=email.policy.default).parsebytes(data, headersonly=True)


def joined(parts):
    if not parts:
        return None
    return "\n".join(p.replace("\r\n", "\n") for p in parts)


def header_text(value):
    """Python keeps raw 8-bit header bytes as surrogate escapes; they are read as UTF-8 when valid, else
    windows-1252, the documented fallback (README, inbound)."""
    if value is None:
        return None
    text = str(value)
    if not any("\udc80" <= c <= "\udcff" for c in text):
        return text
    data = text.encode("utf-8", "surrogateescape")
    return guess(data)


def encoded_word_alias(match):
    charset = match.group(1)
    return "=?" + ALIASES.get(charset.lower(), charset) + "?"


def msg_header(msg, name):
    """A header as policy.default reads it, from its raw form with raw 8-bit bytes and the charset names of encoded
    words repaired as the README documents (Python itself replaces what it cannot decode with U+FFFD)."""
    for key, value in msg.raw_items():
        if key.lower() != name:
            continue
        if any("\udc80" <= c <= "\udcff" for c in value):
            value = guess(value.encode("ascii", "surrogateescape"))
        value = re.sub(r"=\?([^?*]+)\?", encoded_word_alias, value)
        # unfolded as policy.default's header_fetch_parse does
        value = "".join(re.split(r"\r\n|\r|\n", value))
        return email.policy.default.header_factory(key, value)
    return None


def one_line(value):
    return None if value is None else " ".join(header_text(value).split()) or None


def report_of(reader):
    if reader.status is None:
        return None
    # Python parses message/delivery-status into one header block per sub-message
    blocks = reader.status.get_payload() if reader.status.is_multipart() else []
    recipients = []
    reporting = None
    for block in blocks:
        if block.get("final-recipient") is not None or block.get("action") is not None:
            action = one_line(block.get("action"))
            recipients.append({"finalRecipient": one_line(block.get("final-recipient")),
                               "action": action.lower() if action else None,
                               "status": one_line(block.get("status")),
                               "diagnosticCode": one_line(block.get("diagnostic-code")),
                               "remoteMta": one_line(block.get("remote-mta"))})
        elif reporting is None:
            reporting = one_line(block.get("reporting-mta"))
    returned = reader.returned
    return {"reportingMta": reporting, "recipients": recipients,
            "originalMessageId": one_line(returned.get("message-id")) if returned is not None else None,
            "originalSubject": one_line(returned.get("subject")) if returned is not None else None}


def addresses(msg, name):
    header = msg_header(msg, name)
    if header is None:
        return []
    result = []
    try:
        found = header.addresses
    except Exception:  # a header Python cannot read as addresses at all
        found = None
    if found is None:
        text = one_line(header)
        return [{"address": None, "raw": text}] if text else []
    for address in found:
        spec = address.addr_spec
        if not address.domain or not address.username:
            result.append({"address": None, "raw": header_text(address)})
        else:
            result.append({"address": spec, "name": header_text(address.display_name) or None})
    return result


def expected(data):
    msg = BytesParser(policy=email.policy.default).parsebytes(data)
    reader = Reader()
    reader.visit(msg)
    defects = sorted({type(d).__name__ for part in msg.walk() for d in part.defects})
    return {
        "subject": None if msg_header(msg, "subject") is None else str(msg_header(msg, "subject")),
        "messageId": None if msg["message-id"] is None else str(msg["message-id"]).strip(),
        "from": addresses(msg, "from"),
        "to": addresses(msg, "to"),
        "cc": addresses(msg, "cc"),
        "text": joined(reader.text),
        "html": joined(reader.html),
        "attachments": reader.attachments,
        "report": report_of(reader),
        "defects": defects,
    }


def main():
    folder = sys.argv[1]
    result = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".eml"):
            continue
        with open(os.path.join(folder, name), "rb") as f:
            data = f.read()
        try:
            result[name] = expected(data)
        except Exception as e:  # one message must never stop the reference for the others
            result[name] = {"error": type(e).__name__ + ": " + str(e)}
    json.dump(result, sys.stdout, ensure_ascii=True, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
