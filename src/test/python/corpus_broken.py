#!/usr/bin/env python3
"""Write the "broken / real-world" part of the mail test corpus (files 2NN-*.eml).

Every message is written as literal header/body text (not generated with the
`email` package) so that the exact bytes are under control.  Templates are
written with "\n" and converted to CRLF on output unless a file needs bare LF.
Run from the repository root:  python3 src/test/python/corpus_broken.py
"""
import base64
import binascii
import os
import quopri
import random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "corpus"))

README_ROWS = []


def b(s, enc="utf-8"):
    return s if isinstance(s, bytes) else s.encode(enc)


def crlf(data):
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def write(name, source, shape, *chunks, newline="crlf"):
    data = b"".join(b(c) for c in chunks)
    if newline == "crlf":
        data = crlf(data)
    with open(os.path.join(OUT, name), "wb") as fh:
        fh.write(data)
    README_ROWS.append((name, source, shape))


def b64(data):
    return base64.encodebytes(data).decode("ascii")


def qp(data):
    return quopri.encodestring(data).decode("ascii")


def qhdr(data):
    return quopri.encodestring(data, header=True).decode("ascii")


def bhdr(data):
    return base64.b64encode(data).decode("ascii")


def fake_pdf(seed, size=1800):
    rnd = random.Random(seed)
    head = (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
            b"3 0 obj\n<< /Length 900 /Filter /FlateDecode >>\nstream\n")
    return head + rnd.randbytes(size) + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


PNG_1X1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


def original(frm, to, subject, date, msgid, body, relay="mail.example.com", ip="192.0.2.10"):
    return f"""Return-Path: <{frm.split('<')[-1].rstrip('>')}>
Received: from [{ip}] (dsl-{ip.replace('.', '-')}.isp.example [{ip}])
\tby {relay} (Postfix) with ESMTPSA id 3F2A1C0D9E
\tfor <{to.split('<')[-1].rstrip('>')}>; {date}
Date: {date}
From: {frm}
To: {to}
Subject: {subject}
Message-ID: {msgid}
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit
User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.8.0

{body}"""


# ---------------------------------------------------------------------------
# 1. Delivery status notifications
# ---------------------------------------------------------------------------

def dsn_files():
    # 200 Postfix, user unknown, Diagnostic-Code on one line
    bnd = "4F1A2B3C4D.1710234932/mx.example.com"
    write("200-postfix-bounce-user-unknown.eml", "Postfix 3.x bounce(8)",
          "RFC 3464 multipart/report: text/plain + message/delivery-status + message/rfc822",
          f"""Return-Path: <>
X-Original-To: alice@example.com
Delivered-To: alice@example.com
Received: by mx.example.com (Postfix)
\tid 4F1A2B3C4D; Tue, 12 Mar 2024 10:15:32 +0100 (CET)
Date: Tue, 12 Mar 2024 10:15:32 +0100 (CET)
From: MAILER-DAEMON@mx.example.com (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: alice@example.com
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="{bnd}"
Content-Transfer-Encoding: 8bit
Message-Id: <20240312091532.5E6F7A8B9C@mx.example.com>

This is a MIME-encapsulated message.

--{bnd}
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.com.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<bob@example.org>: host mx.example.org[203.0.113.25] said: 550 5.1.1
    <bob@example.org>: Recipient address rejected: User unknown (in reply to
    RCPT TO command)

--{bnd}
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com
X-Postfix-Queue-ID: 4F1A2B3C4D
X-Postfix-Sender: rfc822; alice@example.com
Arrival-Date: Tue, 12 Mar 2024 10:15:30 +0100 (CET)

Final-Recipient: rfc822; bob@example.org
Original-Recipient: rfc822;bob@example.org
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.org
Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown

--{bnd}
Content-Description: Undelivered Message
Content-Type: message/rfc822
Content-Transfer-Encoding: 8bit

""", original("Alice Example <alice@example.com>", "Bob <bob@example.org>", "Lunch on Friday?",
              "Tue, 12 Mar 2024 10:15:29 +0100", "<8c1e2f3a-77aa-4b1c-9d0e-1f2a3b4c5d6e@example.com>",
              "Hi Bob,\n\nare we still on for lunch on Friday? I'd suggest the Thai place.\n\nCheers,\nAlice\n"),
          f"""
--{bnd}--
""")

    # 201 Postfix, mailbox unknown, Diagnostic-Code folded over two lines, 8-bit returned msg
    bnd = "7D3E9A1B22.1709901122/smtp.example.net"
    write("201-postfix-bounce-folded-diagnostic.eml", "Postfix 3.x bounce(8), virtual domain",
          "RFC 3464 DSN with Diagnostic-Code folded over two lines; returned message contains 8-bit UTF-8",
          f"""Return-Path: <>
X-Original-To: j.doe@example.net
Delivered-To: j.doe@example.net
Received: by smtp.example.net (Postfix)
\tid 7D3E9A1B22; Fri,  8 Mar 2024 13:32:02 +0100 (CET)
Date: Fri,  8 Mar 2024 13:32:02 +0100 (CET)
From: MAILER-DAEMON@smtp.example.net (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: j.doe@example.net
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="{bnd}"
Content-Transfer-Encoding: 8bit
Message-Id: <20240308123202.9B8C7D6E55@smtp.example.net>

This is a MIME-encapsulated message.

--{bnd}
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host smtp.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<m.mueller@example.de>: host mx01.example.de[198.51.100.77] said: 550 5.1.1
    <m.mueller@example.de>: Recipient address rejected: User unknown in
    virtual mailbox table (in reply to RCPT TO command)

--{bnd}
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; smtp.example.net
X-Postfix-Queue-ID: 7D3E9A1B22
X-Postfix-Sender: rfc822; j.doe@example.net
Arrival-Date: Fri,  8 Mar 2024 13:31:59 +0100 (CET)

Final-Recipient: rfc822; m.mueller@example.de
Original-Recipient: rfc822;m.mueller@example.de
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx01.example.de
Diagnostic-Code: smtp; 550 5.1.1 <m.mueller@example.de>: Recipient address
    rejected: User unknown in virtual mailbox table

--{bnd}
Content-Description: Undelivered Message
Content-Type: message/rfc822
Content-Transfer-Encoding: 8bit

""", original("John Doe <j.doe@example.net>", "Martin Müller <m.mueller@example.de>",
              "=?UTF-8?Q?Angebot_f=C3=BCr_M=C3=A4rz?=", "Fri, 8 Mar 2024 13:31:58 +0100",
              "<e4d1c0a2-3b5f-4e61-8f7a-0a9b8c7d6e5f@example.net>",
              "Hallo Herr Müller,\n\nanbei wie besprochen unser Angebot für März.\nDie Preise gelten bis Ende des Monats.\n\nMit freundlichen Grüßen\nJohn Doe\n",
              relay="smtp.example.net", ip="192.0.2.55"),
          f"""
--{bnd}--
""")

    # 202 Office 365 NDR
    ob = "_000_AM6PR04MB58761E2B3C4D5E6F7A8B9C0D1E2F3AM6PR04MB5876eurp_"
    ib = "_002_AM6PR04MB58761E2B3C4D5E6F7A8B9C0D1E2F3AM6PR04MB5876eurp_"
    html = """<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=us-ascii">
<style>
.rfc822-headers{font-family:Courier New}
</style>
</head>
<body>
<div style="font-family:Segoe UI, Frutiger, Arial, sans-serif">
<p style="font-size:17pt; color:#C00000">Your message to nobody@fabrikam.example couldn't be delivered.</p>
<p style="font-size:15pt"><b>nobody</b> wasn't found at fabrikam.example.</p>
<table style="width:100%"><tr>
<td style="width:33%; color:#000000">alice</td>
<td style="width:33%">Office 365</td>
<td style="width:33%; color:#C00000"><b>nobody</b><br>Action Required</td>
</tr></table>
<p><b>How to Fix It</b><br>
The address may be misspelled or may not exist. Try one or more of the following:</p>
<ul><li>Retype the recipient's address, then resend the message.</li>
<li>If you continue to experience the problem, contact your email admin.</li></ul>
<br>
<p style="color:#808080; font-size:8pt">Original Message Details<br>
Created Date: 3/12/2024 9:15:28 AM<br>
Sender Address: alice@contoso.example<br>
Recipient Address: nobody@fabrikam.example<br>
Subject: Quarterly numbers</p>
<p style="color:#808080; font-size:8pt">Error Details<br>
Reported error: 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup<br>
DSN generated by: AM6PR04MB5876.eurprd04.prod.outlook.com</p>
</div>
</body>
</html>
"""
    text = """Your message to nobody@fabrikam.example couldn't be delivered.

nobody wasn't found at fabrikam.example.

alice            Office 365            nobody
                                       Action Required

How to Fix It
The address may be misspelled or may not exist. Try one or more of the following:
- Retype the recipient's address, then resend the message.
- If you continue to experience the problem, contact your email admin.

Original Message Details
Created Date:     3/12/2024 9:15:28 AM
Sender Address:   alice@contoso.example
Recipient Address: nobody@fabrikam.example
Subject:          Quarterly numbers

Error Details
Reported error:   550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup
DSN generated by: AM6PR04MB5876.eurprd04.prod.outlook.com
"""
    write("202-o365-ndr-recipient-not-found.eml", "Microsoft Exchange Online / Office 365 NDR",
          "multipart/report: multipart/alternative (text+html, QP) + delivery-status (Diagnostic-code, X-Display-Name) + text/rfc822-headers",
          f"""Received: from AM6PR04MB5876.eurprd04.prod.outlook.com (2603:10a6:20b:da::14)
 by AM6PR04MB5876.eurprd04.prod.outlook.com with Microsoft SMTP Server
 (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7362.35;
 Tue, 12 Mar 2024 09:15:31 +0000
MIME-Version: 1.0
From: Microsoft Outlook
\t<MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.example>
To: <alice@contoso.example>
Date: Tue, 12 Mar 2024 09:15:31 +0000
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="{ob}"
X-MS-Exchange-Message-Is-Ndr:
Content-Language: en-US
Message-ID:
 <a5b8c2d1-0e3f-4a6b-9c8d-7e6f5a4b3c2d@AM6PR04MB5876.eurprd04.prod.outlook.com>
In-Reply-To:
 <AM6PR04MB58761F2E3D4C5B6A7988C7D6E5F4AM6PR04MB5876.eurprd04.prod.outlook.com>
References:
 <AM6PR04MB58761F2E3D4C5B6A7988C7D6E5F4AM6PR04MB5876.eurprd04.prod.outlook.com>
Thread-Topic: Quarterly numbers
Thread-Index: AQHadFuQ2wYFq0mLQ0e8Zx3J9kU1yQ==
Subject: Undeliverable: Quarterly numbers
Auto-Submitted: auto-replied
X-MS-PublicTrafficType: Email
X-MS-TrafficTypeDiagnostic: AM6PR04MB5876:EE_|AM6PR04MB5876:EE_
X-MS-Exchange-CrossTenant-Network-Message-Id: 3c1f0e5a-9b2d-4e7f-08dc-4279a1b2c3d4

--{ob}
Content-Type: multipart/alternative; differentiator=
\t"{ib}";
\tboundary="{ib}"

--{ib}
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

{qp(text.encode())}
--{ib}
Content-Type: text/html; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

{qp(html.encode())}
--{ib}--

--{ob}
Content-Type: message/delivery-status

Reporting-MTA: dns;AM6PR04MB5876.eurprd04.prod.outlook.com
Received-From-MTA: dns;AM6PR04MB5876.eurprd04.prod.outlook.com
Arrival-Date: Tue, 12 Mar 2024 09:15:29 +0000

Original-Recipient: rfc822;nobody@fabrikam.example
Final-Recipient: rfc822;nobody@fabrikam.example
Action: failed
Status: 5.1.10
Diagnostic-code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup
Remote-MTA: dns;mx.fabrikam.example
X-Display-Name: nobody@fabrikam.example

--{ob}
Content-Type: text/rfc822-headers

Received: from AM6PR04MB5876.eurprd04.prod.outlook.com
 ([fe80::3c5d:1a2b:4c6e:8f90]) by AM6PR04MB5876.eurprd04.prod.outlook.com
 ([fe80::3c5d:1a2b:4c6e:8f90%5]) with mapi id 15.20.7362.035; Tue, 12 Mar 2024
 09:15:28 +0000
Content-Type: application/ms-tnef; name="winmail.dat"
Content-Transfer-Encoding: binary
From: Alice Example <alice@contoso.example>
To: "nobody@fabrikam.example" <nobody@fabrikam.example>
Subject: Quarterly numbers
Thread-Topic: Quarterly numbers
Thread-Index: AQHadFuQ2wYFq0mLQ0e8Zx3J9kU1yQ==
Date: Tue, 12 Mar 2024 09:15:28 +0000
Message-ID:
 <AM6PR04MB58761F2E3D4C5B6A7988C7D6E5F4AM6PR04MB5876.eurprd04.prod.outlook.com>
Accept-Language: en-US
Content-Language: en-US
X-MS-Has-Attach:
X-MS-TNEF-Correlator:
MIME-Version: 1.0

--{ob}--
""")

    # 203 Gmail
    ob, rb, ab = "000000000000d9a3c20613735b42", "000000000000d9a6e40613735b4f", "000000000000d9a6e50613735b50"
    write("203-gmail-dsn-address-not-found.eml", "Gmail (mailer-daemon@googlemail.com)",
          "multipart/report > multipart/related > multipart/alternative + icon; delivery-status with X-Original-Message-ID; X-Google-* headers",
          f"""Delivered-To: alice.example@gmail.com
Received: by 2002:a05:7300:5b8c:b0:fa:9c8e:6f12 with SMTP id m12csp1874921dyf;
        Tue, 12 Mar 2024 02:17:05 -0700 (PDT)
X-Received: by 2002:a17:906:2b0c:b0:a46:1d6a:2b5c with SMTP id a12-20020a1709062b0c00b00a461d6a2b5cmr4561220ejg.12.1710235025117;
        Tue, 12 Mar 2024 02:17:05 -0700 (PDT)
ARC-Seal: i=1; a=rsa-sha256; t=1710235025; cv=none;
        d=google.com; s=arc-20160816;
        b=Qm9ndXNTaWduYXR1cmVGb3JUZXN0aW5nT25seU5vdEFSZWFsU2lnbmF0dXJlMDEy
Return-Path: <>
Received: from mail-sor-f69.google.com (mail-sor-f69.google.com. [209.85.220.69])
        by mx.google.com with SMTPS id a12-20020a1709062b0c00b00a461d6a2b5csor1237415ejg.1.2024.03.12.02.17.04
        for <alice.example@gmail.com>
        (Google Transport Security);
        Tue, 12 Mar 2024 02:17:05 -0700 (PDT)
Received-SPF: pass (google.com: domain of postmaster@mail-sor-f69.google.com designates 209.85.220.69 as permitted sender) client-ip=209.85.220.69;
Authentication-Results: mx.google.com;
       dkim=pass header.i=@googlemail.com header.s=20230601 header.b=Ab1Cd2Ef;
       spf=pass (google.com: domain of postmaster@mail-sor-f69.google.com designates 209.85.220.69 as permitted sender) smtp.helo=mail-sor-f69.google.com;
       dmarc=pass (p=QUARANTINE sp=QUARANTINE dis=NONE) header.from=googlemail.com
X-Google-DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;
        d=1e100.net; s=20230601; t=1710235024; x=1710839824;
        h=date:message-id:in-reply-to:references:subject:auto-submitted:to:from:mime-version;
        bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;
        b=VGhpc0lzTm90QVJlYWxTaWduYXR1cmVKdXN0VGVzdERhdGFGb3JQYXJzZXJz
X-Gm-Message-State: AOJu0YyZ3bQeQ1cWJk2vZp9Hn8ZqkTr1n0dQ2e5lZ2s0pF6mO6cJ7k9B
X-Google-Smtp-Source: AGHT+IFq8lZ0k3R2vN5mX7pQ9sT1uW3yA5cE7gI9kM1oQ3sU5wY7aC9eG1iK3mO5qS7uW9yA1cE3==
X-Received: by 2002:a17:906:2b0c:b0:a46:1d6a:2b5c with SMTP id a12-20020a1709062b0c00b00a461d6a2b5cmr4561219ejg.12.1710235024981;
        Tue, 12 Mar 2024 02:17:04 -0700 (PDT)
Content-Type: multipart/report; boundary="{ob}"; report-type=delivery-status
MIME-Version: 1.0
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: alice.example@gmail.com
Auto-Submitted: auto-replied
Subject: Delivery Status Notification (Failure)
References: <CAK7LNARx9tQ1v0p=3nY2Ew@mail.gmail.com>
In-Reply-To: <CAK7LNARx9tQ1v0p=3nY2Ew@mail.gmail.com>
X-Failed-Recipients: nosuchuser@example.net
Message-ID: <65f01d90.170a0220.4a1b2.0c3dGMR@mx.google.com>
Date: Tue, 12 Mar 2024 02:17:04 -0700 (PDT)

--{ob}
Content-Type: multipart/related; boundary="{rb}"

--{rb}
Content-Type: multipart/alternative; boundary="{ab}"

--{ab}
Content-Type: text/plain; charset="UTF-8"


** Address not found **

Your message wasn't delivered to nosuchuser@example.net because the address couldn't be found, or is unable to receive mail.

Learn more here: https://support.google.com/mail/?p=NoSuchUser

The response from the remote server was:
550 5.1.1 <nosuchuser@example.net>: Recipient address rejected: User unknown in virtual mailbox table

--{ab}
Content-Type: text/html; charset="UTF-8"


<html>
<head>
<style>
* {{
font-family:Roboto, "Helvetica Neue", Helvetica, Arial, sans-serif;
}}
</style>
</head>
<body>
<table cellpadding="0" cellspacing="0" class="email-wrapper" style="padding-top:32px;background-color:#ffffff;"><tbody>
<tr><td>
<table cellpadding=0 cellspacing=0><tbody>
<tr><td style="max-width:560px;padding:24px 24px 32px;background-color:#fafafa;border:1px solid #e0e0e0;border-radius:2px">
<img style="padding:0 24px 16px 0;float:left" width=72 height=72 alt="Error Icon" src="cid:icon.png">
<table style="min-width:272px;padding-top:8px"><tbody>
<tr><td><h2 style="font-size:20px;color:#212121;font-weight:bold;margin:0">
Address not found
</h2></td></tr>
<tr><td style="padding-top:20px;color:#757575;font-size:16px;font-weight:normal;text-align:left">
Your message wasn't delivered to <a style='color:#212121;text-decoration:none'><b>nosuchuser@example.net</b></a> because the address couldn't be found, or is unable to receive mail.
</td></tr>
</tbody></table>
</td></tr>
</tbody></table>
</td></tr>
<tr style="border:none;background-color:#fff;font-size:12.8px;width:90%">
<td align="left" style="padding:48px 10px">
The response from the remote server was:<br/>
<p style="font-family:monospace">
550 5.1.1 &lt;nosuchuser@example.net&gt;: Recipient address rejected: User unknown in virtual mailbox table
</p>
</td>
</tr>
</tbody></table>
</body>
</html>

--{ab}--
--{rb}
Content-Type: image/png; name="icon.png"
Content-Disposition: attachment; filename="icon.png"
Content-Transfer-Encoding: base64
Content-ID: <icon.png>

{PNG_1X1}
--{rb}--
--{ob}
Content-Type: message/delivery-status

Reporting-MTA: dns; googlemail.com
Arrival-Date: Tue, 12 Mar 2024 02:17:03 -0700 (PDT)
X-Original-Message-ID: <CAK7LNARx9tQ1v0p=3nY2Ew@mail.gmail.com>

Final-Recipient: rfc822; nosuchuser@example.net
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.net. (203.0.113.7, the server for the domain example.net.)
Diagnostic-Code: smtp; 550 5.1.1 <nosuchuser@example.net>: Recipient address rejected: User unknown in virtual mailbox table
Last-Attempt-Date: Tue, 12 Mar 2024 02:17:04 -0700 (PDT)

--{ob}
Content-Type: message/rfc822

DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;
        d=gmail.com; s=20230601; t=1710235023; x=1710839823; darn=example.net;
        h=to:subject:message-id:date:from:mime-version:from:to:cc:subject
         :date:message-id:reply-to;
        bh=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG8=;
        b=U29tZUZha2VTaWduYXR1cmVEYXRhVGhhdElzTm90UmVhbGx5VmFsaWQ=
X-Google-DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;
        d=1e100.net; s=20230601; t=1710235023; x=1710839823;
        h=to:subject:message-id:date:from:mime-version:x-gm-message-state
         :from:to:cc:subject:date:message-id:reply-to;
        bh=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG8=;
        b=QW5vdGhlckZha2VTaWduYXR1cmVGb3JUZXN0aW5nUHVycG9zZXM=
X-Gm-Message-State: AOJu0Yw3Yk1pZq7sVn0cE8tM2hR5uJ9xL4aD6fG1iK3oQ7sU9wY2bC==
X-Google-Smtp-Source: AGHT+IE1aB2cD3eF4gH5iJ6kL7mN8oP9qR0sT1uV2wX3yZ4aB5cD6eF7gH8iJ9k==
X-Received: by 2002:a17:906:2b0c:b0:a46:1d6a:2b5c with SMTP id a12-20020a1709062b0c00b00a461d6a2b5cmr4561201ejg.12.1710235023541;
 Tue, 12 Mar 2024 02:17:03 -0700 (PDT)
MIME-Version: 1.0
From: Alice Example <alice.example@gmail.com>
Date: Tue, 12 Mar 2024 10:16:52 +0100
Message-ID: <CAK7LNARx9tQ1v0p=3nY2Ew@mail.gmail.com>
Subject: Invoice 2024-031
To: nosuchuser@example.net
Content-Type: multipart/alternative; boundary="000000000000c4e6b00613735a9e"

--000000000000c4e6b00613735a9e
Content-Type: text/plain; charset="UTF-8"

Hello, please find the invoice details below.

--000000000000c4e6b00613735a9e
Content-Type: text/html; charset="UTF-8"

<div dir="ltr">Hello, please find the invoice details below.</div>

--000000000000c4e6b00613735a9e--

--{ob}--
""")

    # 204 Exim
    bnd = "1710238814-eximdsn-1804289383"
    write("204-exim-mail-delivery-failed.eml", "Exim 4.96",
          "RFC 3464 DSN (Exim style: Action before Final-Recipient, lowercase Content-type) + message/rfc822",
          f"""Return-path: <>
Envelope-to: alice@example.com
Delivery-date: Tue, 12 Mar 2024 10:20:14 +0000
Received: from Debian-exim by mail.example.com with local (Exim 4.96)
\tid 1rjz8c-0003Xy-2K
\tfor alice@example.com;
\tTue, 12 Mar 2024 10:20:14 +0000
X-Failed-Recipients: carol@example.net
Auto-Submitted: auto-replied
From: Mail Delivery System <Mailer-Daemon@mail.example.com>
To: alice@example.com
References: <20240312102011.GA12345@laptop.example.com>
Content-Type: multipart/report; report-type=delivery-status; boundary={bnd}
MIME-Version: 1.0
Subject: Mail delivery failed: returning message to sender
Message-Id: <E1rjz8c-0003Xy-2K@mail.example.com>
Date: Tue, 12 Mar 2024 10:20:14 +0000

--{bnd}
Content-type: text/plain; charset=us-ascii

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  carol@example.net
    host mx1.example.net [198.51.100.20]
    SMTP error from remote mail server after RCPT TO:<carol@example.net>:
    550 5.1.1 <carol@example.net>... User unknown

--{bnd}
Content-type: message/delivery-status

Reporting-MTA: dns; mail.example.com

Action: failed
Final-Recipient: rfc822;carol@example.net
Status: 5.0.0
Remote-MTA: dns; mx1.example.net
Diagnostic-Code: smtp; 550 5.1.1 <carol@example.net>... User unknown

--{bnd}
Content-type: message/rfc822

Return-path: <alice@example.com>
Received: from laptop.example.com ([192.0.2.80] helo=[127.0.0.1])
\tby mail.example.com with esmtpsa  (TLS1.3) tls TLS_AES_256_GCM_SHA384
\t(Exim 4.96)
\t(envelope-from <alice@example.com>)
\tid 1rjz8a-0003Xs-1W
\tfor carol@example.net;
\tTue, 12 Mar 2024 10:20:12 +0000
Date: Tue, 12 Mar 2024 10:20:11 +0000
From: Alice <alice@example.com>
To: carol@example.net
Subject: Re: build failure on arm64
Message-ID: <20240312102011.GA12345@laptop.example.com>
In-Reply-To: <87a5mqz0xx.fsf@example.net>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii
Content-Disposition: inline
User-Agent: Mutt/2.2.12 (2023-09-09)

On Mon, Mar 11, 2024 at 05:02:44PM +0000, Carol wrote:
> The arm64 build fails in the linker step.

Looks like the toolchain image is outdated; I've pushed a fix.

-- 
Alice

--{bnd}--
""")

    # 205 Sendmail with transcript
    bnd = "42CAPb8x012345.1710239137/mail.example.edu"
    write("205-sendmail-returned-mail-transcript.eml", "Sendmail 8.15.2",
          "multipart/report whose first part has no Content-Type (transcript of session), delivery-status with uppercase DNS/RFC822/SMTP types, message/rfc822",
          f"""Return-Path: <MAILER-DAEMON>
Received: from localhost (localhost)
\tby mail.example.edu (8.15.2/8.15.2) id 42CAPb8x012345;
\tTue, 12 Mar 2024 06:25:37 -0400
Date: Tue, 12 Mar 2024 06:25:37 -0400
From: Mail Delivery Subsystem <MAILER-DAEMON@mail.example.edu>
Message-Id: <202403121025.42CAPb8x012345@mail.example.edu>
To: <prof@example.edu>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="{bnd}"
Subject: Returned mail: see transcript for details
Auto-Submitted: auto-generated (failure)

This is a MIME-encapsulated message

--{bnd}

The original message was received at Tue, 12 Mar 2024 06:25:35 -0400
from [192.0.2.44]

   ----- The following addresses had permanent fatal errors -----
<student@example.org>
    (reason: 550 5.1.1 <student@example.org>... User unknown)

   ----- Transcript of session follows -----
... while talking to mx.example.org.:
>>> MAIL From:<prof@example.edu> SIZE=1024
<<< 250 2.1.0 <prof@example.edu>... Sender ok
>>> RCPT To:<student@example.org>
<<< 550 5.1.1 <student@example.org>... User unknown
550 5.1.1 <student@example.org>... User unknown

--{bnd}
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.example.edu
Received-From-MTA: DNS; [192.0.2.44]
Arrival-Date: Tue, 12 Mar 2024 06:25:35 -0400

Final-Recipient: RFC822; student@example.org
Action: failed
Status: 5.1.1
Remote-MTA: DNS; mx.example.org
Diagnostic-Code: SMTP; 550 5.1.1 <student@example.org>... User unknown
Last-Attempt-Date: Tue, 12 Mar 2024 06:25:37 -0400

--{bnd}
Content-Type: message/rfc822

Return-Path: <prof@example.edu>
Received: from [192.0.2.44] ([192.0.2.44])
\tby mail.example.edu (8.15.2/8.15.2) with ESMTP id 42CAPb8x012345
\tfor <student@example.org>; Tue, 12 Mar 2024 06:25:35 -0400
Message-ID: <65F02D8F.4030509@example.edu>
Date: Tue, 12 Mar 2024 06:25:35 -0400
From: Prof. Smith <prof@example.edu>
To: student@example.org
Subject: Homework 3 deadline
MIME-Version: 1.0
Content-Type: text/plain; charset=ISO-8859-1; format=flowed
Content-Transfer-Encoding: 7bit

The deadline for homework 3 has been moved to Friday.

--{bnd}--
""")

    # 206 Postfix delay warning
    bnd = "A1B2C3D4E5.1710330000/relay.example.com"
    write("206-postfix-delay-warning.eml", "Postfix 3.x delay warning (delay_warning_time)",
          "RFC 3464 DSN Action: delayed / Status: 4.4.7 with Will-Retry-Until, returned headers as text/rfc822-headers",
          f"""Return-Path: <>
X-Original-To: sales@example.com
Delivered-To: sales@example.com
Received: by relay.example.com (Postfix)
\tid A1B2C3D4E5; Wed, 13 Mar 2024 12:40:00 +0100 (CET)
Date: Wed, 13 Mar 2024 12:40:00 +0100 (CET)
From: MAILER-DAEMON@relay.example.com (Mail Delivery System)
Subject: Delayed Mail (still being retried)
To: sales@example.com
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="{bnd}"
Content-Transfer-Encoding: 8bit
Message-Id: <20240313114000.0F1E2D3C4B@relay.example.com>

This is a MIME-encapsulated message.

--{bnd}
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host relay.example.com.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

Your message could not be delivered for more than 4 hour(s).
It will be retried until it is 5 day(s) old.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<orders@slow.example.org>: connect to mx.slow.example.org[203.0.113.99]:25:
    Connection timed out

--{bnd}
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.example.com
X-Postfix-Queue-ID: A1B2C3D4E5
X-Postfix-Sender: rfc822; sales@example.com
Arrival-Date: Wed, 13 Mar 2024 08:38:12 +0100 (CET)

Final-Recipient: rfc822; orders@slow.example.org
Original-Recipient: rfc822;orders@slow.example.org
Action: delayed
Status: 4.4.7
Diagnostic-Code: X-Postfix; connect to mx.slow.example.org[203.0.113.99]:25:
    Connection timed out
Will-Retry-Until: Mon, 18 Mar 2024 08:38:12 +0100 (CET)

--{bnd}
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers
Content-Transfer-Encoding: 8bit

Return-Path: <sales@example.com>
Received: from crm.example.com (crm.example.com [10.1.2.3])
\tby relay.example.com (Postfix) with ESMTP id A1B2C3D4E5
\tfor <orders@slow.example.org>; Wed, 13 Mar 2024 08:38:12 +0100 (CET)
Date: Wed, 13 Mar 2024 08:38:11 +0100
From: Sales Team <sales@example.com>
To: orders@slow.example.org
Subject: Order confirmation #100234
Message-ID: <order-100234.1710315491@crm.example.com>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

--{bnd}--
""")

    # 207 Sendmail, two recipients: one failed, one delivered
    bnd = "42DFm1aQ004411.1710421205/gw.example.com"
    write("207-sendmail-dsn-failed-and-delivered.eml", "Sendmail 8.17 (NOTIFY=SUCCESS,FAILURE)",
          "DSN with two per-recipient blocks: Action: failed 5.2.2 and Action: delivered 2.0.0; returned message/rfc822",
          f"""Return-Path: <MAILER-DAEMON@gw.example.com>
Received: from localhost (localhost)
\tby gw.example.com (8.17.1/8.17.1) id 42DFm1aQ004411;
\tThu, 14 Mar 2024 15:00:05 +0200
Date: Thu, 14 Mar 2024 15:00:05 +0200
From: Mail Delivery Subsystem <MAILER-DAEMON@gw.example.com>
Message-Id: <202403141300.42DFm1aQ004411@gw.example.com>
To: <hr@example.com>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="{bnd}"
Subject: Returned mail: see transcript for details
Auto-Submitted: auto-generated (failure)

This is a MIME-encapsulated message

--{bnd}

The original message was received at Thu, 14 Mar 2024 15:00:01 +0200
from hr-pc.example.com [10.0.0.17]

   ----- The following addresses had successful delivery notifications -----
<payroll@example.com>  (successfully delivered to mailbox)

   ----- The following addresses had permanent fatal errors -----
<k.tanaka@example.com>
    (reason: 552 5.2.2 Mailbox full)

   ----- Transcript of session follows -----
mail.local: Disc quota exceeded
552 5.2.2 <k.tanaka@example.com>... Mailbox full

--{bnd}
Content-Type: message/delivery-status

Reporting-MTA: dns; gw.example.com
Received-From-MTA: DNS; hr-pc.example.com
Arrival-Date: Thu, 14 Mar 2024 15:00:01 +0200

Final-Recipient: RFC822; k.tanaka@example.com
Action: failed
Status: 5.2.2
Diagnostic-Code: X-Unix; 552 5.2.2 Mailbox full
Last-Attempt-Date: Thu, 14 Mar 2024 15:00:05 +0200

Final-Recipient: RFC822; payroll@example.com
Action: delivered
Status: 2.0.0
Last-Attempt-Date: Thu, 14 Mar 2024 15:00:04 +0200

--{bnd}
Content-Type: message/rfc822

Return-Path: <hr@example.com>
Received: from hr-pc.example.com (hr-pc.example.com [10.0.0.17])
\tby gw.example.com (8.17.1/8.17.1) with ESMTP id 42DFm1aQ004411;
\tThu, 14 Mar 2024 15:00:01 +0200
Date: Thu, 14 Mar 2024 15:00:00 +0200
From: HR Department <hr@example.com>
To: k.tanaka@example.com, payroll@example.com
Subject: New starter paperwork
Message-ID: <20240314130000.4411@hr-pc.example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Please complete the attached forms before Monday.

--{bnd}--
""")

    # 208 Postfix, message too big, only headers returned
    bnd = "5C6D7E8F90.1710503011/mx2.example.com"
    write("208-postfix-bounce-rfc822-headers-only.eml", "Postfix 3.x bounce(8), message exceeds size limit",
          "RFC 3464 DSN (5.3.4) where the returned message is only text/rfc822-headers (multipart original, body omitted)",
          f"""Return-Path: <>
X-Original-To: designer@example.com
Delivered-To: designer@example.com
Received: by mx2.example.com (Postfix)
\tid 5C6D7E8F90; Fri, 15 Mar 2024 12:43:31 +0000 (UTC)
Date: Fri, 15 Mar 2024 12:43:31 +0000 (UTC)
From: MAILER-DAEMON@mx2.example.com (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: designer@example.com
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="{bnd}"
Content-Transfer-Encoding: 8bit
Message-Id: <20240315124331.AB12CD34EF@mx2.example.com>

This is a MIME-encapsulated message.

--{bnd}
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx2.example.com.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<print@client.example.org>: host mail.client.example.org[198.51.100.140] said:
    552 5.3.4 Message size exceeds fixed limit (in reply to end of DATA
    command)

--{bnd}
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx2.example.com
X-Postfix-Queue-ID: 5C6D7E8F90
X-Postfix-Sender: rfc822; designer@example.com
Arrival-Date: Fri, 15 Mar 2024 12:43:02 +0000 (UTC)

Final-Recipient: rfc822; print@client.example.org
Original-Recipient: rfc822;print@client.example.org
Action: failed
Status: 5.3.4
Remote-MTA: dns; mail.client.example.org
Diagnostic-Code: smtp; 552 5.3.4 Message size exceeds fixed limit

--{bnd}
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers
Content-Transfer-Encoding: 8bit

Return-Path: <designer@example.com>
Received: from studio.example.com (studio.example.com [192.0.2.200])
\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)
\t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)
\t(No client certificate requested)
\tby mx2.example.com (Postfix) with ESMTPS id 5C6D7E8F90
\tfor <print@client.example.org>; Fri, 15 Mar 2024 12:43:02 +0000 (UTC)
From: =?UTF-8?Q?Zo=C3=AB_Designer?= <designer@example.com>
To: print@client.example.org
Subject: Final artwork (print-ready PDF, 48 MB)
Date: Fri, 15 Mar 2024 12:42:40 +0000
Message-ID: <D3F4A5B6-C7D8-49E0-A1B2-C3D4E5F6A7B8@example.com>
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.400.31\\))
Content-Type: multipart/mixed;
\tboundary="Apple-Mail=_5E1A2B3C-4D5E-6F70-8192-A3B4C5D6E7F8"
X-Mailer: Apple Mail (2.3774.400.31)

--{bnd}--
""")

    # 209 old MTA DSN, odd syntax
    bnd = "Boundary_(ID_q3kPz8vLx0fJmN2rT5wYhA)"
    write("209-pmdf-dsn-odd-syntax.eml", "PMDF V6.x (old VMS MTA)",
          "delivery-status with lowercase field names, extra blank lines before first block, no per-message block, 8-bit returned message",
          f"""Return-path: <>
Received: from CONVERSION-DAEMON by VAX.OLD.EXAMPLE.EDU (PMDF V6.1-1 #30837)
 id <01K8Z3XQ2V4G000ABC@VAX.OLD.EXAMPLE.EDU>; Mon, 03 Nov 2003 14:22:51 -0500 (EST)
Date: Mon, 03 Nov 2003 14:22:51 -0500 (EST)
From: PMDF e-Mail Interconnect <postmaster@VAX.OLD.EXAMPLE.EDU>
Subject: Delivery Notification: Delivery has failed
To: registrar@old.example.edu
Message-id: <01K8Z3XQ8F7C000ABD@VAX.OLD.EXAMPLE.EDU>
MIME-version: 1.0
Content-type: MULTIPART/REPORT; REPORT-TYPE=DELIVERY-STATUS; BOUNDARY="{bnd}"

--{bnd}
Content-type: text/plain; charset=us-ascii
Content-language: EN-US

This report relates to a message you sent with the following header fields:

  Message-id: <3FA6A8E1.9050103@old.example.edu>
  Date: Mon, 03 Nov 2003 14:20:33 -0500
  From: Registrar <registrar@old.example.edu>
  To: joe.student@VAX.OLD.EXAMPLE.EDU
  Subject: Transcript request

Your message cannot be delivered to the following recipients:

  Recipient address: JOE.STUDENT@VAX.OLD.EXAMPLE.EDU
  Reason: no such user

--{bnd}
Content-type: message/DELIVERY-STATUS



original-recipient: rfc822;joe.student@VAX.OLD.EXAMPLE.EDU
final-recipient: rfc822;JOE.STUDENT@VAX.OLD.EXAMPLE.EDU
action: failed
status: 5.0.0 (no such user)

--{bnd}
Content-type: MESSAGE/RFC822

Return-path: registrar@old.example.edu
Received: from old.example.edu by VAX.OLD.EXAMPLE.EDU (PMDF V6.1-1 #30837)
 id <01K8Z3XQ2V4G000ABC@VAX.OLD.EXAMPLE.EDU>; Mon, 03 Nov 2003 14:20:36 -0500 (EST)
Date: Mon, 03 Nov 2003 14:20:33 -0500
From: Registrar <registrar@old.example.edu>
Subject: Transcript request
To: joe.student@VAX.OLD.EXAMPLE.EDU
Message-id: <3FA6A8E1.9050103@old.example.edu>
MIME-version: 1.0
Content-type: TEXT/PLAIN; CHARSET=ISO-8859-1
Content-transfer-encoding: 8BIT
X-Mailer: Mozilla 4.8 [en] (Windows NT 5.0; U)

Your transcript request has been received. Fee: """, "\xa310.00".encode("latin-1"), f"""

--{bnd}--
""")

    # 210 qmail
    write("210-qmail-failure-notice.eml", "qmail 1.03 qmail-send",
          "non-RFC bounce: single text/plain body 'Hi. This is the qmail-send program', original appended after a marker line",
          """Return-Path: <>
Delivered-To: alice@example.com
Received: (qmail 29712 invoked from network); 12 Mar 2024 10:30:02 -0000
Received: from qmail.example.net (198.51.100.33)
  by mail.example.com with SMTP; 12 Mar 2024 10:30:02 -0000
Received: (qmail 12345 invoked for bounce); 12 Mar 2024 10:30:01 -0000
Date: 12 Mar 2024 10:30:01 -0000
From: MAILER-DAEMON@qmail.example.net
To: alice@example.com
Subject: failure notice

Hi. This is the qmail-send program at qmail.example.net.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<dave@qmail.example.net>:
Sorry, no mailbox here by that name. (#5.1.1)

--- Below this line is a copy of the message.

Return-Path: <alice@example.com>
Received: (qmail 12340 invoked from network); 12 Mar 2024 10:30:00 -0000
Received: from mail.example.com (192.0.2.10)
  by qmail.example.net with SMTP; 12 Mar 2024 10:30:00 -0000
Date: Tue, 12 Mar 2024 11:29:58 +0100
From: Alice <alice@example.com>
To: dave@qmail.example.net
Subject: Old project files
Message-ID: <20240312102958.AA01@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Dave, do you still have the old project files from 2019?
""")

    # 211 Lotus Notes / Domino
    write("211-lotus-notes-delivery-failure.eml", "Lotus Domino 6.5 router",
          "non-RFC plain-text bounce (DELIVERY FAILURE subject, X-MIMETrack headers, no DSN parts)",
          """Return-Path: <Postmaster@acme.example>
Received: from notes01.acme.example (notes01.acme.example [192.0.2.150])
\tby mail.partner.example (8.12.11/8.12.11) with ESMTP id i2CA2Hx3012211
\tfor <buyer@partner.example>; Fri, 12 Mar 2004 11:02:19 +0100
Subject: DELIVERY FAILURE: User John Smith (jsmith@acme.example) not listed in
 Domino Directory
To: buyer@partner.example
From: Postmaster@acme.example
Date: Fri, 12 Mar 2004 11:02:17 +0100
Message-ID: <OF5A3B2C1D.E4F5A6B7-ONC1256E52.0037A1B2@acme.example>
X-Mailer: Lotus Domino Release 6.5.1 January 21, 2004
X-MIMETrack: Serialize by Router on NOTES01/ACME(Release 6.5.1|January 21, 2004) at
 12.03.2004 11:02:17
MIME-Version: 1.0
Content-type: text/plain; charset=US-ASCII

Your message

  Subject: RE: Purchase order 4711

was not delivered to:

  jsmith@acme.example

because:

  User John Smith (jsmith@acme.example) not listed in Domino Directory


""")

    # 212 Exchange 2010 on-premises
    bnd = "_000_4F2A3B1C0D9E8F7A6B5C4D3E2F1A0B9Cexch01corpexamplecom_"
    ex_text = """Die Zustellung an folgende Empfänger oder Verteilerlisten ist fehlgeschlagen:

buchhaltung@corp.example.com
Die E-Mail-Adresse, die Sie eingegeben haben, wurde nicht gefunden. Überprüfen Sie die E-Mail-Adresse des Empfängers, und senden Sie die Nachricht erneut. Wenn das Problem weiterhin besteht, wenden Sie sich an den Helpdesk.

Diagnoseinformationen für Administratoren:

Generierender Server: EXCH01.corp.example.com

buchhaltung@corp.example.com
#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##

"""
    write("212-exchange2010-ndr-recip-not-found.eml", "Microsoft Exchange Server 2010 (on-premises)",
          "multipart/report: text/plain with #550 5.1.1 RESOLVER.ADR.RecipNotFound ##, delivery-status with X-Display-Name, text/rfc822-headers",
          f"""Received: from EXCH01.corp.example.com ([fe80::5efe:10.10.1.21]) by
 EXCH01.corp.example.com ([fe80::5efe:10.10.1.21%11]) with mapi id
 14.03.0468.000; Mon, 11 Mar 2024 16:05:12 +0100
From: Microsoft Exchange <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@corp.example.com>
To: Petra Klein <p.klein@corp.example.com>
Date: Mon, 11 Mar 2024 16:05:12 +0100
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="{bnd}"
X-MS-Exchange-Organization-SCL: -1
Content-Language: de-DE
Message-ID: <c3b2a1f0-e9d8-47c6-b5a4-93827160f5e4@EXCH01.corp.example.com>
In-Reply-To: <4F2A3B1C0D9E8F7A6B5C4D3E2F1A0B9C@EXCH01.corp.example.com>
References: <4F2A3B1C0D9E8F7A6B5C4D3E2F1A0B9C@EXCH01.corp.example.com>
Thread-Topic: Reisekostenabrechnung
Thread-Index: Adpzn0x1K8t3v5QeR0Gm2w8yq0sT4A==
Subject: Unzustellbar: Reisekostenabrechnung
X-MS-Exchange-Organization-AuthSource: EXCH01.corp.example.com
X-MS-Has-Attach:
X-Auto-Response-Suppress: All
X-MS-TNEF-Correlator:

--{bnd}
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{qp(ex_text.encode("latin-1"))}
--{bnd}
Content-Type: message/delivery-status

Reporting-MTA: dns;EXCH01.corp.example.com
Received-From-MTA: dns;EXCH01.corp.example.com
Arrival-Date: Mon, 11 Mar 2024 15:05:11 +0000

Original-Recipient: rfc822;buchhaltung@corp.example.com
Final-Recipient: rfc822;buchhaltung@corp.example.com
Action: failed
Status: 5.1.1
X-Display-Name: Buchhaltung


--{bnd}
Content-Type: text/rfc822-headers

Received: from EXCH01.corp.example.com ([fe80::5efe:10.10.1.21]) by
 EXCH01.corp.example.com ([fe80::5efe:10.10.1.21%11]) with mapi id
 14.03.0468.000; Mon, 11 Mar 2024 16:05:11 +0100
Content-Type: application/ms-tnef; name="winmail.dat"
Content-Transfer-Encoding: binary
From: Petra Klein <p.klein@corp.example.com>
To: Buchhaltung <buchhaltung@corp.example.com>
Subject: Reisekostenabrechnung
Thread-Topic: Reisekostenabrechnung
Thread-Index: Adpzn0x1K8t3v5QeR0Gm2w8yq0sT4A==
Date: Mon, 11 Mar 2024 16:05:11 +0100
Message-ID: <4F2A3B1C0D9E8F7A6B5C4D3E2F1A0B9C@EXCH01.corp.example.com>
Accept-Language: de-DE, en-US
Content-Language: de-DE
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator: <4F2A3B1C0D9E8F7A6B5C4D3E2F1A0B9C@EXCH01.corp.example.com>
MIME-Version: 1.0

--{bnd}--
""")


# ---------------------------------------------------------------------------
# 2. Spam / broken headers
# ---------------------------------------------------------------------------

def header_files():
    write("213-from-no-domain.eml", "spam via open relay (bulk mailer)",
          "From: foo (bare local part, no domain)",
          """Return-Path: <foo@203-0-113-201.dyn.example>
Received: from 203-0-113-201.dyn.example (unknown [203.0.113.201])
\tby mx.example.com (Postfix) with SMTP id 3B4C5D6E7F
\tfor <alice@example.com>; Sat, 16 Mar 2024 03:12:44 +0100 (CET)
From: foo
To: alice@example.com
Subject: Your account has been suspended
Date: Sat, 16 Mar 2024 02:12:40 +0000
Message-ID: <8843120.1710555160@203-0-113-201.dyn.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii
X-Mailer: Microsoft Outlook Express 6.00.2900.5512

Dear customer,

We detected unusual activity. Please verify your account within 24 hours:
http://verify-account.example/login

Support Team
""")

    write("214-to-xx.eml", "spam (ratware)",
          "To: XX (no address, literal placeholder)",
          """Return-Path: <offers@cheap-meds.example>
Received: from smtp.cheap-meds.example (smtp.cheap-meds.example [198.51.100.66])
\tby mx.example.com (Postfix) with ESMTP id 9A8B7C6D5E
\tfor <alice@example.com>; Sat, 16 Mar 2024 04:01:09 +0100 (CET)
From: "Pharmacy Online" <offers@cheap-meds.example>
To: XX
Subject: Best prices this week
Date: Sat, 16 Mar 2024 03:01:05 +0000
Message-ID: <20240316030105.XX.12@cheap-meds.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Hello XX,

Save up to 80% on all orders this week only.
""")

    write("215-to-undisclosed-recipients.eml", "Thunderbird / mailing via Bcc",
          "To: undisclosed-recipients:; (empty group)",
          """Return-Path: <club@example.org>
Received: from mail.example.org (mail.example.org [198.51.100.5])
\tby mx.example.com (Postfix) with ESMTPS id 6E5D4C3B2A
\tfor <alice@example.com>; Sun, 17 Mar 2024 18:22:10 +0100 (CET)
Message-ID: <b3a1f0c2-5d6e-4f7a-8b9c-0d1e2f3a4b5c@example.org>
Date: Sun, 17 Mar 2024 18:22:07 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: en-GB
To: undisclosed-recipients:;
From: Chess Club <club@example.org>
Subject: Tournament schedule
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 7bit

Dear members,

the spring tournament starts on April 6th at 10:00.

Regards,
The board
""")

    write("216-from-unterminated-quote.eml", "spam (broken PHP mailer)",
          'From: "unterminated <x@example.com> (quote never closed)',
          """Return-Path: <x@example.com>
Received: from web12.hosting.example (web12.hosting.example [192.0.2.120])
\tby mx.example.com (Postfix) with ESMTP id 1C2D3E4F5A
\tfor <alice@example.com>; Mon, 18 Mar 2024 09:14:33 +0100 (CET)
From: "unterminated <x@example.com>
To: alice@example.com
Subject: Newsletter March
Date: Mon, 18 Mar 2024 09:14:30 +0100
Message-ID: <5f1c2d3e4a5b6@web12.hosting.example>
X-PHP-Originating-Script: 33:mailer.php
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

This month: new products, new prices.
""")

    write("217-from-source-route.eml", "legacy gateway (RFC 822 source route)",
          "From: <@route.example:foo@bar.example> (obsolete source route)",
          """Return-Path: <@route.example:foo@bar.example>
Received: from gw.route.example (gw.route.example [198.51.100.9])
\tby mx.example.com (Postfix) with SMTP id 7F6E5D4C3B
\tfor <alice@example.com>; Tue, 19 Mar 2024 11:00:00 +0100 (CET)
From: <@route.example:foo@bar.example>
To: alice@example.com
Subject: Forwarded via gateway
Date: Tue, 19 Mar 2024 10:59:58 +0100
Message-ID: <1999.0319.105958@bar.example>

This message was relayed through the old UUCP gateway.
""")

    write("218-cc-garbage-addresses.eml", "hand-edited mail / broken webmail",
          "Cc: a@b@c, ,,, <> (double @, empty list elements, empty angle-addr)",
          """Return-Path: <bob@example.org>
Received: from webmail.example.org (webmail.example.org [198.51.100.12])
\tby mx.example.com (Postfix) with ESMTPS id 2A3B4C5D6E
\tfor <alice@example.com>; Tue, 19 Mar 2024 14:30:21 +0100 (CET)
From: Bob <bob@example.org>
To: alice@example.com
Cc: a@b@c, ,,, <>
Subject: Minutes
Date: Tue, 19 Mar 2024 14:30:18 +0100
Message-ID: <webmail.1710855018.77@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Minutes attached inline below.
- item 1
- item 2
""")

    write("219-missing-date.eml", "cron / local sendmail -t without Date",
          "no Date header at all",
          """Return-Path: <root@backup01.example.com>
Received: from backup01.example.com (backup01.example.com [10.0.0.5])
\tby mx.example.com (Postfix) with ESMTP id 0A1B2C3D4E
\tfor <admin@example.com>; Wed, 20 Mar 2024 02:00:03 +0100 (CET)
From: root@backup01.example.com (Cron Daemon)
To: admin@example.com
Subject: Cron <root@backup01> /usr/local/bin/backup.sh
Message-Id: <20240320010003.0A1B2C3D4E@backup01.example.com>
Content-Type: text/plain; charset=UTF-8
X-Cron-Env: <SHELL=/bin/sh>
X-Cron-Env: <HOME=/root>

backup.sh: rsync completed, 1432 files transferred.
""")

    write("220-garbage-date.eml", "spam (ratware)",
          "Date: sometime (unparseable)",
          """Return-Path: <win@lottery.example>
Received: from unknown (HELO lottery.example) (203.0.113.44)
\tby mx.example.com with SMTP; 20 Mar 2024 05:13:12 -0000
From: International Lottery <win@lottery.example>
To: alice@example.com
Subject: You have WON!!!
Date: sometime
Message-ID: <winner-7731@lottery.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Congratulations! Your email address has won 1,000,000 USD.
Reply with your bank details to claim.
""")

    write("221-duplicate-subject.eml", "broken mail-merge tool",
          "two Subject headers (and two Message-ID headers)",
          """Return-Path: <events@example.org>
Received: from mailer.example.org (mailer.example.org [198.51.100.30])
\tby mx.example.com (Postfix) with ESMTPS id 4D5E6F7A8B
\tfor <alice@example.com>; Wed, 20 Mar 2024 10:05:00 +0100 (CET)
From: Events <events@example.org>
To: alice@example.com
Subject: Invitation: Spring meetup
Date: Wed, 20 Mar 2024 10:04:58 +0100
Message-ID: <meetup-1@mailer.example.org>
Subject: {{SUBJECT}}
Message-ID: <meetup-1-dup@mailer.example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

You are invited to our spring meetup on April 12th.
""")

    write("222-raw-utf8-subject-from.eml", "misconfigured webmail (no RFC 2047 encoding)",
          "raw 8-bit UTF-8 bytes in Subject and From display name",
          """Return-Path: <juergen@example.de>
Received: from webmail.example.de (webmail.example.de [198.51.100.48])
\tby mx.example.com (Postfix) with ESMTPS id 8B9C0D1E2F
\tfor <alice@example.com>; Thu, 21 Mar 2024 08:45:12 +0100 (CET)
From: Jürgen Müller <juergen@example.de>
To: Alice <alice@example.com>
Subject: Grüße aus München – Angebot für Straße 5
Date: Thu, 21 Mar 2024 08:45:10 +0100
Message-ID: <20240321084510.5c3a@webmail.example.de>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

Hallo Alice,

viele Grüße aus München! Das Angebot für die Wohnung in der Straße 5 steht.

Jürgen
""")

    write("223-raw-latin1-subject.eml", "old Eudora / Windows mailer",
          "raw 8-bit ISO-8859-1 bytes in Subject (Gr\\xfc\\xdfe) and body, no encoded words",
          """Return-Path: <oma@example.at>
Received: from pc.example.at (pc.example.at [192.0.2.77])
\tby mx.example.com (Postfix) with SMTP id 5A6B7C8D9E
\tfor <alice@example.com>; Thu, 21 Mar 2024 17:20:40 +0100 (CET)
From: Oma Hilde <oma@example.at>
To: alice@example.com
""", "Subject: Gr\xfc\xdfe aus \xd6sterreich\n".encode("latin-1"), """Date: Thu, 21 Mar 2024 17:20:38 +0100
Message-ID: <4.3.2.7.2.20240321172038.00ab1c20@pop.example.at>
X-Mailer: QUALCOMM Windows Eudora Version 4.3.2
MIME-Version: 1.0
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: 8bit

""", "Liebe Alice,\n\nsch\xf6ne Gr\xfc\xdfe aus Wien. Wir freuen uns auf Ostern!\n\nDeine Oma\n".encode("latin-1"))

    write("224-encoded-word-glued.eml", "buggy mail client",
          "encoded word glued to preceding text (Subject: Re:=?utf-8?q?...?=, From display name)",
          """Return-Path: <lena@example.de>
Received: from mail.example.de (mail.example.de [198.51.100.50])
\tby mx.example.com (Postfix) with ESMTPS id 3E4F5A6B7C
\tfor <alice@example.com>; Fri, 22 Mar 2024 12:00:02 +0100 (CET)
From: Lena=?utf-8?q?_K=C3=B6nig?= <lena@example.de>
To: alice@example.com
Subject: Re:=?utf-8?q?Gr=C3=BC=C3=9Fe?=
Date: Fri, 22 Mar 2024 12:00:00 +0100
Message-ID: <a1b2c3d4.5e6f@mail.example.de>
In-Reply-To: <20240321084510.5c3a@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Danke f=C3=BCr die Gr=C3=BC=C3=9Fe!
""")

    write("225-encoded-word-unknown-charset.eml", "spam (obfuscated subject)",
          "encoded words with unknown charset =?x-unknown?q?...?= whose bytes are UTF-8",
          """Return-Path: <info@promo.example>
Received: from promo.example (promo.example [203.0.113.88])
\tby mx.example.com (Postfix) with ESMTP id 6C7D8E9F0A
\tfor <alice@example.com>; Fri, 22 Mar 2024 13:13:13 +0100 (CET)
From: =?x-unknown?q?M=C3=BCller_Shop?= <info@promo.example>
To: alice@example.com
Subject: =?x-unknown?q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln_=E2=80=93_50=25_Rabatt?=
Date: Fri, 22 Mar 2024 12:13:10 +0000
Message-ID: <promo-55121@promo.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Nur heute: 50% Rabatt auf alles.
""")

    write("226-header-nul-control-bytes.eml", "corrupted mailbox / spam",
          "NUL, BEL, ESC, backspace and DEL bytes inside Subject and X-Mailer header values",
          """Return-Path: <noreply@broken.example>
Received: from broken.example (broken.example [203.0.113.3])
\tby mx.example.com (Postfix) with ESMTP id 9E0F1A2B3C
\tfor <alice@example.com>; Sat, 23 Mar 2024 06:06:06 +0100 (CET)
From: Notification <noreply@broken.example>
To: alice@example.com
""", b"Subject: Important\x00notice\x07 for\x1b[1m you\x08\x7f\n",
          b"X-Mailer: MassMailer\x00\x00 v2.1\x01\n", """Date: Sat, 23 Mar 2024 05:06:03 +0000
Message-ID: <nul-0001@broken.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Please read this important notice.
""")

    refs = []
    i = 0
    while len(" ".join(refs)) < 3000:
        refs.append(f"<{1710000000 + i * 7919}.{i:04d}.thread@lists.example.org>")
        i += 1
    long_refs = " ".join(refs)
    write("227-long-unfolded-header.eml", "mailing list digest / broken client that never folds",
          f"References header of {len('References: ' + long_refs)} characters on a single unfolded line",
          f"""Return-Path: <dev-bounces@lists.example.org>
Received: from lists.example.org (lists.example.org [198.51.100.100])
\tby mx.example.com (Postfix) with ESMTPS id 1F2E3D4C5B
\tfor <alice@example.com>; Sat, 23 Mar 2024 20:14:50 +0100 (CET)
From: Developer <dev@example.net>
To: dev@lists.example.org
Subject: Re: [dev] proposal: drop python2 support
Date: Sat, 23 Mar 2024 20:14:47 +0100
Message-ID: <1710999999.9999.thread@lists.example.org>
In-Reply-To: {refs[-1]}
References: {long_refs}
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii
List-Id: Developer discussion <dev.lists.example.org>

+1 from me.
""")

    write("228-no-from.eml", "internal script / broken relay",
          "no From header at all (only Sender-less envelope Return-Path)",
          """Return-Path: <nagios@monitor.example.com>
Received: from monitor.example.com (monitor.example.com [10.0.0.9])
\tby mx.example.com (Postfix) with ESMTP id 2B3C4D5E6F
\tfor <ops@example.com>; Sun, 24 Mar 2024 04:44:44 +0100 (CET)
To: ops@example.com
Subject: ** PROBLEM Service Alert: db01/Disk Space is CRITICAL **
Date: Sun, 24 Mar 2024 04:44:42 +0100
Message-ID: <nagios.1711251882.4242@monitor.example.com>

***** Nagios *****

Notification Type: PROBLEM
Service: Disk Space
Host: db01
State: CRITICAL
Info: DISK CRITICAL - free space: / 812 MB (2% inode=91%)
""")

    write("229-spam-html-8bit-no-charset.eml", "spam (HTML, bulk sender)",
          "Content-Type: text/html with no charset and raw 8-bit UTF-8 body, no Content-Transfer-Encoding",
          """Return-Path: <deals@mega-deals.example>
Received: from mta7.mega-deals.example (mta7.mega-deals.example [203.0.113.150])
\tby mx.example.com (Postfix) with ESMTP id 7A8B9C0D1E
\tfor <alice@example.com>; Sun, 24 Mar 2024 09:09:09 +0100 (CET)
From: "Mega Deals" <deals@mega-deals.example>
To: alice@example.com
Subject: =?utf-8?B?8J+OgSBFeGtsdXNpdmUgQW5nZWJvdGU=?=
Date: Sun, 24 Mar 2024 08:09:05 +0000
Message-ID: <md-20240324-880011@mega-deals.example>
MIME-Version: 1.0
Content-Type: text/html

<html><body>
<h1>Exklusive Angebote für Sie – nur heute!</h1>
<p>Sparen Sie bis zu 70 % bei Küchengeräten. Größte Auswahl, schnellste Lieferung.</p>
<p>Preis: 19,99 € statt 59,99 €</p>
<p><a href="http://mega-deals.example/unsubscribe">Abmelden</a></p>
</body></html>
""")


# ---------------------------------------------------------------------------
# 3. Mislabelled / unusual charsets
# ---------------------------------------------------------------------------

def charset_files():
    body = ("Hallo zusammen,\n\nfrische Grüße aus Köln! Die Brötchen sind fertig, "
            "der Kaffee kostet 2,50 €.\n\nSchöne Woche,\nGünter\n")
    write("230-outlook-utf7-body.eml", "Outlook 2000/XP (charset=unicode-1-1-utf-7)",
          "text/plain; charset=unicode-1-1-utf-7 with real UTF-7 body (Fr+APY-...) and 7bit CTE",
          f"""Return-Path: <guenter@example.de>
Received: from exch.example.de (exch.example.de [198.51.100.61])
\tby mx.example.com (Postfix) with ESMTP id 3C4D5E6F7A
\tfor <team@example.com>; Mon, 25 Mar 2024 08:01:00 +0100 (CET)
From: =?unicode-1-1-utf-7?Q?G+APw-nter_Schr+APY-der?= <guenter@example.de>
To: <team@example.com>
Subject: =?unicode-1-1-utf-7?Q?Fr+APY-hliche_Gr+APwA3w-e?=
Date: Mon, 25 Mar 2024 08:00:57 +0100
Message-ID: <000a01c2f1b3$4e5f6a70$0200a8c0@guenter>
MIME-Version: 1.0
Content-Type: text/plain;
\tcharset="unicode-1-1-utf-7"
Content-Transfer-Encoding: 7bit
X-Priority: 3
X-MSMail-Priority: Normal
X-Mailer: Microsoft Outlook, Build 10.0.2627
X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2800.1106

""", body.encode("utf-7"))

    s1 = qhdr("Re: Frühstück im Café".encode("utf-7"))
    write("231-subject-unicode-1-1-utf-7.eml", "Outlook Express 6",
          "=?unicode-1-1-utf-7?Q?...?= encoded words in Subject and To, body in windows-1252",
          f"""Return-Path: <marie@example.fr>
Received: from pc-marie (lns-bzn-21-82.isp.example [192.0.2.182])
\tby mx.example.com (Postfix) with ESMTP id 5E6F7A8B9C
\tfor <alice@example.com>; Mon, 25 Mar 2024 10:10:10 +0100 (CET)
Message-ID: <001b01c4a2f3$8a9b0c10$6401a8c0@pcmarie>
From: "Marie" <marie@example.fr>
To: =?unicode-1-1-utf-7?Q?Ren+AOk-_Dupr+AOk-?= <alice@example.com>
Subject: =?unicode-1-1-utf-7?Q?{s1}?=
Date: Mon, 25 Mar 2024 10:10:08 +0100
MIME-Version: 1.0
Content-Type: text/plain;
\tcharset="Windows-1252"
Content-Transfer-Encoding: 8bit
X-Priority: 3
X-MSMail-Priority: Normal
X-Mailer: Microsoft Outlook Express 6.00.2900.2180
X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2900.2180

""", "Oui, à 9h au café « Chez Léon ». Ça marche ?\n\nMarie\n".encode("cp1252"))

    s2 = qhdr("Überweisung erledigt – danke!".encode("utf-7"))
    write("232-subject-utf-7.eml", "old mobile mail gateway",
          "=?utf-7?Q?...?= Subject plus a text/plain; charset=utf-7 body",
          f"""Return-Path: <kai@example.de>
Received: from gw.mobile.example (gw.mobile.example [198.51.100.222])
\tby mx.example.com (Postfix) with ESMTP id 7A8B9C0D1E
\tfor <alice@example.com>; Tue, 26 Mar 2024 19:03:51 +0100 (CET)
From: Kai <kai@example.de>
To: alice@example.com
Subject: =?utf-7?Q?{s2}?=
Date: Tue, 26 Mar 2024 19:03:49 +0100
Message-ID: <mgw.20240326180349.1142@gw.mobile.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-7
Content-Transfer-Encoding: 7bit

""", "Die Überweisung über 120 € ist raus. Grüße, Kai\n".encode("utf-7"))

    he = "שלום רב,\n\nמצורף הדו\"ח החודשי. נא לאשר קבלה.\n\nתודה,\nדני\n"
    write("233-hebrew-iso-8859-8-i.eml", "Outlook (Hebrew Windows)",
          "charset=iso-8859-8-i (logical order) in Subject encoded word and QP body",
          f"""Return-Path: <dani@example.co.il>
Received: from mail.example.co.il (mail.example.co.il [198.51.100.80])
\tby mx.example.com (Postfix) with ESMTPS id 9C0D1E2F3A
\tfor <alice@example.com>; Wed, 27 Mar 2024 09:30:00 +0200 (IST)
From: =?iso-8859-8-i?B?{bhdr("דני כהן".encode("iso-8859-8"))}?= <dani@example.co.il>
To: <alice@example.com>
Subject: =?iso-8859-8-i?B?{bhdr('דו"ח חודשי'.encode("iso-8859-8"))}?=
Date: Wed, 27 Mar 2024 09:29:57 +0200
Message-ID: <002c01da8011$aa22bb30$ee33cc40$@example.co.il>
MIME-Version: 1.0
Content-Type: text/plain;
\tcharset="iso-8859-8-i"
Content-Transfer-Encoding: quoted-printable
X-Mailer: Microsoft Outlook 16.0
Content-Language: he

{qp(he.encode("iso-8859-8"))}""")

    write("234-charset-x-unknown-utf8.eml", "webmail with unset charset",
          'charset="x-unknown" on a text/plain part whose 8-bit bytes are UTF-8',
          """Return-Path: <sofia@example.es>
Received: from webmail.example.es (webmail.example.es [198.51.100.34])
\tby mx.example.com (Postfix) with ESMTPS id 1E2F3A4B5C
\tfor <alice@example.com>; Wed, 27 Mar 2024 15:45:00 +0100 (CET)
From: Sofía <sofia@example.es>
To: alice@example.com
Subject: =?UTF-8?Q?Ma=C3=B1ana?=
Date: Wed, 27 Mar 2024 15:44:58 +0100
Message-ID: <wm.7712.1711550698@webmail.example.es>
MIME-Version: 1.0
Content-Type: text/plain; charset="x-unknown"
Content-Transfer-Encoding: 8bit

¡Hola! ¿Nos vemos mañana a las 11 en la cafetería? Llevo el pingüino de peluche.
""")

    write("235-cp1252-labelled-latin1.eml", "Outlook 2003 (windows-1252 bytes labelled iso-8859-1)",
          "8-bit body with bytes 0x80 (euro), 0x93/0x94 (curly quotes), 0x96 (en dash) labelled charset=iso-8859-1",
          """Return-Path: <tom@example.co.uk>
Received: from exch2003.example.co.uk (exch2003.example.co.uk [198.51.100.90])
\tby mx.example.com (Postfix) with ESMTP id 3A4B5C6D7E
\tfor <alice@example.com>; Thu, 28 Mar 2024 11:11:11 +0000 (GMT)
From: "Tom Baker" <tom@example.co.uk>
To: <alice@example.com>
Subject: Quote for the "Phoenix" project
Date: Thu, 28 Mar 2024 11:11:08 -0000
Message-ID: <000001c8a1b2$c3d4e5f0$1f00a8c0@TOMPC>
MIME-Version: 1.0
Content-Type: text/plain;
\tcharset="iso-8859-1"
Content-Transfer-Encoding: 8bit
X-Mailer: Microsoft Office Outlook 11
X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2900.3350

""", "Hi Alice,\n\nour quote for the \u201cPhoenix\u201d project is \u20ac12,500 \u2013 that\u2019s including VAT.\nPayment terms: 30 days \u2026 as usual.\n\nBest,\nTom\n".encode("cp1252"))

    ru = "Добрый день!\n\nНаправляю счёт за март. Оплата до 5 апреля.\n\nС уважением,\nОльга\n"
    write("236-charset-cp1251-russian.eml", "The Bat! / Russian Windows mailer",
          "charset=cp1251 (non-IANA alias) on 8-bit body and in Subject encoded word",
          f"""Return-Path: <olga@example.ru>
Received: from mail.example.ru (mail.example.ru [198.51.100.251])
\tby mx.example.com (Postfix) with ESMTP id 5C6D7E8F9A
\tfor <alice@example.com>; Fri, 29 Mar 2024 10:20:30 +0300 (MSK)
From: =?cp1251?B?{bhdr("Ольга Петрова".encode("cp1251"))}?= <olga@example.ru>
To: alice@example.com
Subject: =?cp1251?B?{bhdr("Счёт за март".encode("cp1251"))}?=
Date: Fri, 29 Mar 2024 10:20:27 +0300
Message-ID: <1711696827.20240329102027@example.ru>
X-Mailer: The Bat! (v3.99.3) Professional
MIME-Version: 1.0
Content-Type: text/plain; charset=cp1251
Content-Transfer-Encoding: 8bit

""", ru.encode("cp1251"))

    ko = "안녕하세요,\n\n회의 자료를 첨부합니다. 확인 부탁드립니다.\n\n감사합니다.\n김민수 드림\n"
    write("237-ks-c-5601-korean.eml", "Outlook (Korean Windows)",
          "charset=ks_c_5601-1987 (cp949 bytes), base64 body and B-encoded Subject/From",
          f"""Return-Path: <minsu@example.co.kr>
Received: from mail.example.co.kr (mail.example.co.kr [198.51.100.182])
\tby mx.example.com (Postfix) with ESMTPS id 7E8F9A0B1C
\tfor <alice@example.com>; Fri, 29 Mar 2024 17:05:00 +0900 (KST)
From: =?ks_c_5601-1987?B?{bhdr("김민수".encode("cp949"))}?= <minsu@example.co.kr>
To: <alice@example.com>
Subject: =?ks_c_5601-1987?B?{bhdr("회의 자료".encode("cp949"))}?=
Date: Fri, 29 Mar 2024 17:04:57 +0900
Message-ID: <000001da81b5$3f2e1d00$bd4c5700$@example.co.kr>
MIME-Version: 1.0
Content-Type: text/plain;
\tcharset="ks_c_5601-1987"
Content-Transfer-Encoding: base64
X-Mailer: Microsoft Outlook 16.0
Content-Language: ko

{b64(ko.encode("cp949"))}""")

    write("238-us-ascii-with-8bit.eml", "misconfigured mailing list software",
          "charset=us-ascii and CTE 7bit, but the body contains 8-bit UTF-8 bytes",
          """Return-Path: <list-bounces@lists.example.net>
Received: from lists.example.net (lists.example.net [198.51.100.77])
\tby mx.example.com (Postfix) with ESMTP id 9A0B1C2D3E
\tfor <alice@example.com>; Sat, 30 Mar 2024 12:00:00 +0100 (CET)
From: Ana <ana@example.pt>
To: users@lists.example.net
Subject: [users] Re: encoding problem
Date: Sat, 30 Mar 2024 11:59:57 +0100
Message-ID: <87zfq2x1y0.fsf@example.pt>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: 7bit
List-Id: <users.lists.example.net>

The filename is "relatório_ação_2024.csv" and it breaks with café → cafÃ©.
""")

    write("239-no-charset-8bit-utf8.eml", "shell script (mail(1) on a UTF-8 system)",
          "text/plain without charset parameter, 8-bit UTF-8 body, no CTE",
          """Return-Path: <deploy@ci.example.com>
Received: from ci.example.com (ci.example.com [10.0.0.40])
\tby mx.example.com (Postfix) with ESMTP id 1C2D3E4F5A
\tfor <dev@example.com>; Sat, 30 Mar 2024 23:58:01 +0100 (CET)
From: deploy@ci.example.com
To: dev@example.com
Subject: Deploy finished
Date: Sat, 30 Mar 2024 23:58:00 +0100
Message-ID: <20240330225800.1C2D3E4F5A@ci.example.com>
MIME-Version: 1.0
Content-Type: text/plain

✔ Deploy of release 2024.03.30 finished in 4m 12s.
Änderungen: Übersetzungen für „Größe“ korrigiert.
""")


# ---------------------------------------------------------------------------
# 4. Broken MIME structure
# ---------------------------------------------------------------------------

def mime_files():
    write("240-rfc2231-boundary-charset.eml", "Mutt / custom mailer using RFC 2231 everywhere",
          "multipart boundary given as RFC 2231 boundary*=us-ascii''..., part charset*=us-ascii''utf-8, filename*=utf-8''...",
          f"""Return-Path: <pat@example.org>
Received: from mail.example.org (mail.example.org [198.51.100.5])
\tby mx.example.com (Postfix) with ESMTPS id 2D3E4F5A6B
\tfor <alice@example.com>; Mon,  1 Apr 2024 09:00:00 +0200 (CEST)
From: Pat <pat@example.org>
To: alice@example.com
Subject: RFC 2231 parameters
Date: Mon, 1 Apr 2024 09:00:00 +0200
Message-ID: <20240401070000.GA2231@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary*=us-ascii''b2231-4f1c9e

--b2231-4f1c9e
Content-Type: text/plain; charset*=us-ascii''utf-8; format=flowed
Content-Transfer-Encoding: 8bit

Grüße! The boundary of this message is RFC 2231 encoded.

--b2231-4f1c9e
Content-Type: text/plain; charset*=''ISO-8859-1; name*=utf-8''Gr%C3%BC%C3%9Fe.txt
Content-Disposition: attachment; filename*=utf-8''Gr%C3%BC%C3%9Fe.txt
Content-Transfer-Encoding: quoted-printable

Sch=F6ne Gr=FC=DFe

--b2231-4f1c9e--
""")

    pdf = fake_pdf(241)
    write("241-rfc2231-filename-continuation.eml", "Thunderbird (long non-ASCII filename)",
          "RFC 2231 continuations filename*0*=UTF-8''%E2%82%AC%20Rech; filename*1*=nung%20%C3%BC.pdf and name*0*/name*1*",
          f"""Return-Path: <billing@example.de>
Received: from mail.example.de (mail.example.de [198.51.100.50])
\tby mx.example.com (Postfix) with ESMTPS id 4F5A6B7C8D
\tfor <alice@example.com>; Mon,  1 Apr 2024 10:15:00 +0200 (CEST)
Message-ID: <0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b@example.de>
Date: Mon, 1 Apr 2024 10:14:58 +0200
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
From: Billing <billing@example.de>
To: alice@example.com
Subject: Ihre Rechnung
Content-Type: multipart/mixed; boundary="------------0XyZ1a2B3c4D5e6F7g8H9i0J"

This is a multi-part message in MIME format.
--------------0XyZ1a2B3c4D5e6F7g8H9i0J
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

Anbei Ihre Rechnung über 99,00 €.

--------------0XyZ1a2B3c4D5e6F7g8H9i0J
Content-Type: application/pdf; name*0*=UTF-8''%E2%82%AC%20Rech;
 name*1*=nung%20%C3%BC.pdf
Content-Disposition: attachment; filename*0*=UTF-8''%E2%82%AC%20Rech;
 filename*1*=nung%20%C3%BC.pdf
Content-Transfer-Encoding: base64

{b64(pdf)}
--------------0XyZ1a2B3c4D5e6F7g8H9i0J--
""")

    write("242-missing-final-boundary.eml", "truncated spool file / crashed client",
          "multipart/alternative that ends after the last part without the closing --boundary--",
          """Return-Path: <news@shop.example>
Received: from out.shop.example (out.shop.example [203.0.113.60])
\tby mx.example.com (Postfix) with ESMTPS id 6B7C8D9E0F
\tfor <alice@example.com>; Tue,  2 Apr 2024 07:30:00 +0200 (CEST)
From: Shop <news@shop.example>
To: alice@example.com
Subject: April newsletter
Date: Tue, 2 Apr 2024 05:29:58 +0000
Message-ID: <nl-2024-04.alice@shop.example>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="=_NL_0a1b2c3d"

--=_NL_0a1b2c3d
Content-Type: text/plain; charset=us-ascii

Spring sale starts now.

--=_NL_0a1b2c3d
Content-Type: text/html; charset=us-ascii

<html><body><p>Spring sale starts <b>now</b>.</p></body></html>
""")

    write("243-boundary-prefix-line.eml", "hand-written mail discussing MIME",
          "boundary \"abc\"; the text part contains lines '--abcdef not a delimiter' and '--abc123' that are NOT delimiters",
          """Return-Path: <tester@example.org>
Received: from mail.example.org (mail.example.org [198.51.100.5])
\tby mx.example.com (Postfix) with ESMTPS id 8D9E0F1A2B
\tfor <alice@example.com>; Tue,  2 Apr 2024 14:00:00 +0200 (CEST)
From: Tester <tester@example.org>
To: alice@example.com
Subject: boundary prefix test
Date: Tue, 2 Apr 2024 14:00:00 +0200
Message-ID: <prefix-abc@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="abc"

--abc
Content-Type: text/plain; charset=us-ascii

The following lines start with the boundary text but are longer:
--abcdef not a delimiter
--abc123
They must stay inside this part.

--abc
Content-Type: text/plain; charset=us-ascii; name="second.txt"
Content-Disposition: attachment; filename="second.txt"

second part
--abc--
""")

    write("244-nested-prefix-boundaries.eml", "JavaMail (javax.mail) style boundaries",
          "nested multiparts: outer boundary ----=_Part_1 is a prefix of inner ----=_Part_1_2",
          """Return-Path: <noreply@app.example.com>
Received: from app01.example.com (app01.example.com [10.0.1.11])
\tby mx.example.com (Postfix) with ESMTP id 0F1A2B3C4D
\tfor <alice@example.com>; Wed,  3 Apr 2024 08:08:08 +0200 (CEST)
Date: Wed, 3 Apr 2024 08:08:06 +0200 (CEST)
From: Application <noreply@app.example.com>
To: alice@example.com
Message-ID: <1234567890.1.1712124486000@app01.example.com>
Subject: Your report is ready
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----=_Part_1"

------=_Part_1
Content-Type: multipart/alternative; boundary="----=_Part_1_2"

------=_Part_1_2
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 7bit

Your report is attached.
------=_Part_1_2
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: 7bit

<p>Your report is attached.</p>
------=_Part_1_2--

------=_Part_1
Content-Type: text/csv; charset=UTF-8; name=report.csv
Content-Transfer-Encoding: 7bit
Content-Disposition: attachment; filename=report.csv

date,value
2024-04-01,17
2024-04-02,23
------=_Part_1--
""")

    enc = b64(fake_pdf(245, 2400)).splitlines()
    cut = "\n".join(enc[:20]) + "\n" + enc[20][:37]
    write("245-truncated-base64.eml", "message cut by size-limited gateway",
          "base64 attachment truncated mid-line (37 chars of a 76-char line, invalid length), followed by the final boundary",
          f"""Return-Path: <scanner@office.example.com>
Received: from scanner.office.example.com (scanner.office.example.com [10.2.0.50])
\tby mx.example.com (Postfix) with ESMTP id 2B3C4D5E6F
\tfor <alice@example.com>; Wed,  3 Apr 2024 11:45:00 +0200 (CEST)
From: Scanner <scanner@office.example.com>
To: alice@example.com
Subject: Scanned document
Date: Wed, 3 Apr 2024 11:44:58 +0200
Message-ID: <scan-20240403114458@office.example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="=_scan_77f1"

--=_scan_77f1
Content-Type: text/plain; charset=us-ascii

Scanned document attached.

--=_scan_77f1
Content-Type: application/pdf; name="scan0001.pdf"
Content-Disposition: attachment; filename="scan0001.pdf"
Content-Transfer-Encoding: base64

{cut}
--=_scan_77f1--
""")

    enc = b64(b"GIF89a" + random.Random(246).randbytes(700)).splitlines()
    enc[3] = enc[3][:20] + "!!" + enc[3][20:]
    enc[5] = enc[5][:30] + "  " + enc[5][30:] + "  "
    enc[7] = enc[7][:10] + " !! " + enc[7][10:]
    write("246-base64-garbage.eml", "corrupted relay / virus scanner rewrite",
          "base64 attachment with '!!' and embedded/trailing spaces mid-stream",
          f"""Return-Path: <friend@example.net>
Received: from mail.example.net (mail.example.net [198.51.100.20])
\tby mx.example.com (Postfix) with ESMTP id 4D5E6F7A8B
\tfor <alice@example.com>; Thu,  4 Apr 2024 16:16:16 +0200 (CEST)
From: Friend <friend@example.net>
To: alice@example.com
Subject: funny picture
Date: Thu, 4 Apr 2024 16:16:13 +0200
Message-ID: <pic.4471@example.net>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----------=_1712240173-4471-0"

This is a multi-part message in MIME format...

------------=_1712240173-4471-0
Content-Type: text/plain; charset=us-ascii

see attachment :)

------------=_1712240173-4471-0
Content-Type: image/gif; name="funny.gif"
Content-Disposition: attachment; filename="funny.gif"
Content-Transfer-Encoding: base64

""" + "\n".join(enc) + """

------------=_1712240173-4471-0--
""")

    write("247-empty-text-part.eml", "Apple Mail (attachment-only message)",
          "multipart/mixed whose text/plain part is empty (zero bytes between part headers and next boundary)",
          f"""Return-Path: <alice@example.com>
Received: from [192.168.1.20] (dyn-192-0-2-90.isp.example [192.0.2.90])
\tby mx.example.com (Postfix) with ESMTPSA id 6F7A8B9C0D
\tfor <bob@example.org>; Fri,  5 Apr 2024 18:01:00 +0200 (CEST)
From: Alice <alice@example.com>
Content-Type: multipart/mixed;
\tboundary="Apple-Mail=_8A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9"
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3731.700.6\\))
Subject: photo
Date: Fri, 5 Apr 2024 18:00:58 +0200
Message-Id: <E1F2A3B4-C5D6-4E7F-8091-A2B3C4D5E6F7@example.com>
To: Bob <bob@example.org>
X-Mailer: Apple Mail (2.3731.700.6)


--Apple-Mail=_8A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9
Content-Transfer-Encoding: 7bit
Content-Type: text/plain;
\tcharset=us-ascii

--Apple-Mail=_8A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9
Content-Disposition: attachment;
\tfilename=dot.png
Content-Type: image/png;
\tx-unix-mode=0644;
\tname="dot.png"
Content-Transfer-Encoding: base64

{PNG_1X1}
--Apple-Mail=_8A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9--
""")

    write("248-headers-only-no-body.eml", "monitoring ping / calendar tool",
          "message with no body at all: headers end the file, no blank separator line",
          """Return-Path: <heartbeat@monitor.example.com>
Received: from monitor.example.com (monitor.example.com [10.0.0.9])
\tby mx.example.com (Postfix) with ESMTP id 8B9C0D1E2F
\tfor <ops@example.com>; Sat,  6 Apr 2024 00:00:01 +0200 (CEST)
From: heartbeat@monitor.example.com
To: ops@example.com
Subject: heartbeat 2024-04-06T00:00:00
Date: Sat, 6 Apr 2024 00:00:00 +0200
Message-ID: <hb-1712354400@monitor.example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii
""")

    pdf = fake_pdf(249)
    write("249-single-pdf-attachment.eml", "scan-to-mail appliance",
          "top-level Content-Type application/pdf with Content-Disposition attachment (no multipart, no text)",
          f"""Return-Path: <mfp@office.example.com>
Received: from mfp.office.example.com (mfp.office.example.com [10.2.0.51])
\tby mx.example.com (Postfix) with ESMTP id 0D1E2F3A4B
\tfor <alice@example.com>; Mon,  8 Apr 2024 09:12:00 +0200 (CEST)
From: "MFP-3F" <mfp@office.example.com>
To: alice@example.com
Subject: Scan from MFP-3F
Date: Mon, 8 Apr 2024 09:11:58 +0200
Message-ID: <20240408091158.000123@mfp.office.example.com>
MIME-Version: 1.0
Content-Type: application/pdf; name="SCAN_20240408_091158.pdf"
Content-Disposition: attachment; filename="SCAN_20240408_091158.pdf"
Content-Transfer-Encoding: base64

{b64(pdf)}""")

    head = crlf("""Return-Path: <user@unix.example.edu>
Received: from unix.example.edu (unix.example.edu [198.51.100.200])
\tby mx.example.com (Postfix) with ESMTP id 2F3A4B5C6D
\tfor <alice@example.com>; Mon,  8 Apr 2024 13:37:00 +0200 (CEST)
From: Unix User <user@unix.example.edu>
To: alice@example.com
Subject: =?UTF-8?Q?Notizen_f=C3=BCr_Montag?=
Date: Mon, 8 Apr 2024 13:36:58 +0200
Message-ID: <20240408113658.GA991@unix.example.edu>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

""".encode())
    write("250-8bit-bare-lf.eml", "home-grown SMTP client on Unix",
          "CTE 8bit body with bare LF line endings (headers CRLF, body LF only)",
          head, "Notizen für Montag:\n - Größe der Tabelle prüfen\n - Übersetzung ergänzen\n\nBis dann!\n".encode(),
          newline="raw")

    write("251-inline-text-with-filename.eml", "Thunderbird (text file attached inline)",
          'text/plain part with Content-Disposition: inline; filename="notes.txt"',
          """Return-Path: <bob@example.org>
Received: from mail.example.org (mail.example.org [198.51.100.5])
\tby mx.example.com (Postfix) with ESMTPS id 4A5B6C7D8E
\tfor <alice@example.com>; Tue,  9 Apr 2024 10:00:00 +0200 (CEST)
Message-ID: <6b7c8d9e-0f1a-2b3c-4d5e-6f7a8b9c0d1e@example.org>
Date: Tue, 9 Apr 2024 09:59:58 +0200
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
From: Bob <bob@example.org>
To: alice@example.com
Subject: notes from the call
Content-Type: multipart/mixed; boundary="------------nB8cD9eF0gH1iJ2kL3mN4oP5"

This is a multi-part message in MIME format.
--------------nB8cD9eF0gH1iJ2kL3mN4oP5
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 7bit

Notes below.

--------------nB8cD9eF0gH1iJ2kL3mN4oP5
Content-Type: text/plain; charset=UTF-8; name="notes.txt"
Content-Disposition: inline; filename="notes.txt"
Content-Transfer-Encoding: 7bit

1. Budget approved
2. Next call on Thursday
3. Alice to send the draft

--------------nB8cD9eF0gH1iJ2kL3mN4oP5--
""")

    payload = b"#!/bin/sh\n# fix permissions\nchmod -R go-w /srv/www\nchown -R www-data:www-data /srv/www\necho done\n"
    uu = ["begin 644 fixperms.sh"]
    for i in range(0, len(payload), 45):
        uu.append(binascii.b2a_uu(payload[i:i + 45]).decode("ascii").rstrip("\n"))
    uu += ["`", "end"]
    uu_text = "\n".join(uu)
    write("252-uuencode-in-text.eml", "old Pine / Outlook Express 'uuencode attachments' mode",
          "multipart/mixed whose text/plain part contains an inline uuencoded block (begin 644 ... end)",
          f"""Return-Path: <admin@example.net>
Received: from shell.example.net (shell.example.net [198.51.100.21])
\tby mx.example.com (Postfix) with ESMTP id 6C7D8E9F0A
\tfor <alice@example.com>; Wed, 10 Apr 2024 21:21:21 +0200 (CEST)
Date: Wed, 10 Apr 2024 21:21:19 +0200 (CEST)
From: Admin <admin@example.net>
To: alice@example.com
Subject: permissions script
Message-ID: <Pine.LNX.4.64.2404102120110.991@shell.example.net>
MIME-Version: 1.0
Content-Type: MULTIPART/MIXED; BOUNDARY="-1463811839-1804289383-1712776879=:991"

  This message is in MIME format.  The first part should be readable text,
  while the remaining parts are likely unreadable without MIME-aware tools.

---1463811839-1804289383-1712776879=:991
Content-Type: TEXT/PLAIN; charset=US-ASCII; format=flowed

Here is the script, uuencoded:

{uu_text}

Run it as root.

---1463811839-1804289383-1712776879=:991
Content-Type: TEXT/PLAIN; charset=US-ASCII; name=README
Content-Disposition: attachment; filename=README

Nothing special.
---1463811839-1804289383-1712776879=:991--
""")


def write_readme():
    lines = [
        "# Broken / real-world mail corpus (2NN-*.eml)",
        "",
        "Generated by `src/test/python/corpus_broken.py` (run from the repository root:",
        "`python3 src/test/python/corpus_broken.py`). Messages are written byte-for-byte",
        "from literal templates (not via Python's `email` package). Line endings are CRLF",
        "unless noted. All addresses use example domains; signatures and IDs are fake.",
        "",
        "| File | MTA/program or source imitated | Shape |",
        "|------|--------------------------------|-------|",
    ]
    for name, source, shape in README_ROWS:
        shape = shape.replace("|", "\\|")
        lines.append(f"| `{name}` | {source} | {shape} |")
    with open(os.path.join(OUT, "README-broken.md"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    dsn_files()
    header_files()
    charset_files()
    mime_files()
    write_readme()
    print(f"wrote {len(README_ROWS)} files to {OUT}")


if __name__ == "__main__":
    main()
