#!/usr/bin/env python3
"""Write a corpus of raw RFC 822 messages imitating real mail programs.

Run:  python3 src/test/python/corpus_clients.py

Every message is written by hand as literal header/body text (no use of the
``email`` package).  Only attachment payloads are produced programmatically:
a tiny PNG (zlib + struct), a JPEG/HEIC-looking byte blob, minimal PDFs, ZIP /
.docx containers (zipfile), fake PKCS#7 blobs.  Output is deterministic.

Files go to src/test/resources/corpus/1NN-short-name.eml plus
README-clients.md.  All files use CRLF except two which use bare LF.
"""
import base64
import io
import os
import random
import struct
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, '..', 'resources', 'corpus'))

# ---------------------------------------------------------------------------
# payload helpers
# ---------------------------------------------------------------------------

def b64(data):
    """base64 with 76-char lines (payload only), trailing newline included."""
    if isinstance(data, str):
        data = data.encode('utf-8')
    return base64.encodebytes(data).decode('ascii')


def qp(text, charset='utf-8'):
    """Quoted-printable body, hand rolled: soft breaks at 76 columns."""
    data = text.encode(charset) if isinstance(text, str) else text
    out = []
    for line in data.split(b'\n'):
        toks = []
        for i, c in enumerate(line):
            last = i == len(line) - 1
            if (33 <= c <= 126 and c != 61) or (c in (32, 9) and not last):
                toks.append(chr(c))
            else:
                toks.append('=%02X' % c)
        cur, parts = '', []
        for t in toks:
            if len(cur) + len(t) > 75:
                parts.append(cur + '=')
                cur = ''
            cur += t
        parts.append(cur)
        out.append('\n'.join(parts))
    return '\n'.join(out)


def ew_b(text, charset):
    """RFC 2047 B encoded words, folded onto continuation lines."""
    def enc(s):
        return '=?%s?B?%s?=' % (charset, base64.b64encode(s.encode(charset)).decode('ascii'))
    words, cur = [], ''
    for ch in text:
        if cur and len(enc(cur + ch)) > 75:
            words.append(enc(cur))
            cur = ''
        cur += ch
    if cur:
        words.append(enc(cur))
    return '\n '.join(words)


def ew_q(text, charset):
    """RFC 2047 Q encoded words, folded."""
    def qenc(s):
        r = ''
        for c in s.encode(charset):
            if c == 32:
                r += '_'
            elif chr(c).isalnum() and c < 128 or chr(c) in '!*+-/':
                r += chr(c)
            else:
                r += '=%02X' % c
        return '=?%s?Q?%s?=' % (charset, r)
    words, cur = [], ''
    for ch in text:
        if cur and len(qenc(cur + ch)) > 75:
            words.append(qenc(cur))
            cur = ''
        cur += ch
    if cur:
        words.append(qenc(cur))
    return '\n '.join(words)


def png(w, h, seed):
    r = random.Random(seed)
    base = [r.randrange(256) for _ in range(3)]
    rows = []
    for y in range(h):
        row = bytearray(b'\x00')
        for x in range(w):
            row += bytes(((base[0] + 8 * x) & 255, (base[1] + 8 * y) & 255, (base[2] + r.randrange(16)) & 255))
        rows.append(bytes(row))

    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    return (b'\x89PNG\r\n\x1a\n'
            + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
            + chunk(b'tEXt', b'Software\x00Greenshot')
            + chunk(b'IDAT', zlib.compress(b''.join(rows), 9))
            + chunk(b'IEND', b''))


def jpeg(seed, n=900, w=640, h=480, exif=None):
    r = random.Random(seed)
    out = b'\xff\xd8'
    if exif:
        tiff = b'MM\x00\x2a\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00'
        body = b'Exif\x00\x00' + tiff + exif.encode('ascii') + b'\x00'
        out += b'\xff\xe1' + struct.pack('>H', len(body) + 2) + body
    else:
        out += b'\xff\xe0' + struct.pack('>H', 16) + b'JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00'
    out += b'\xff\xdb' + struct.pack('>H', 67) + b'\x00' + bytes(min(255, 2 + i) for i in range(64))
    out += b'\xff\xc0' + struct.pack('>HBHHB', 17, 8, h, w, 3) + b'\x01\x22\x00\x02\x11\x01\x03\x11\x01'
    out += b'\xff\xda' + struct.pack('>H', 12) + b'\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00'
    out += bytes(min(0xfe, r.randrange(256)) for _ in range(n))
    return out + b'\xff\xd9'


def heic(seed, n=1200):
    r = random.Random(seed)
    ftyp = struct.pack('>I', 24) + b'ftypheic' + b'\x00\x00\x00\x00' + b'mif1heic'
    meta_body = b'\x00\x00\x00\x00' + struct.pack('>I', 33) + b'hdlr' + b'\x00' * 8 + b'pict' + b'\x00' * 13
    meta = struct.pack('>I', 8 + len(meta_body)) + b'meta' + meta_body
    data = bytes(r.randrange(256) for _ in range(n))
    mdat = struct.pack('>I', 8 + len(data)) + b'mdat' + data
    return ftyp + meta + mdat


GIF_1x1 = (b'GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00'
           b'\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;')


def pdf(lines, title='Document', producer='Microsoft: Print To PDF', fontfile=0, seed=1):
    """Minimal but structurally valid PDF (correct xref offsets)."""
    def esc(s):
        return s.replace('\\', '\\\\').replace('(', '\\(').replace(')', '\\)')
    content = 'BT\n/F1 11 Tf\n56 780 Td\n14 TL\n' + ''.join('(%s) Tj T*\n' % esc(l) for l in lines) + 'ET\n'
    objs = [
        b'<< /Type /Catalog /Pages 2 0 R >>',
        b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
        b'<< /Type /Font /Subtype /TrueType /BaseFont /Helvetica' + (b' /FontDescriptor 7 0 R' if fontfile else b'') + b' >>',
        b'<< /Length %d >>\nstream\n' % len(content) + content.encode('latin-1') + b'\nendstream',
        ('<< /Title (%s) /Producer (%s) /CreationDate (D:20240301101500+01\'00\') >>' % (esc(title), esc(producer))).encode('latin-1'),
    ]
    if fontfile:
        r = random.Random(seed)
        blob = bytes(r.randrange(256) for _ in range(fontfile))
        objs.append(b'<< /Type /FontDescriptor /FontName /Helvetica /Flags 32 /FontBBox [-166 -225 1000 931] '
                    b'/ItalicAngle 0 /Ascent 718 /Descent -207 /CapHeight 718 /StemV 88 /FontFile2 8 0 R >>')
        objs.append(b'<< /Length %d /Length1 %d >>\nstream\n' % (len(blob), len(blob)) + blob + b'\nendstream')
    out = b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b'%d 0 obj\n' % i + o + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    out += b''.join(b'%010d 00000 n \n' % o for o in offs)
    out += b'trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, xref)
    return out


def zipbytes(files):
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            zi = zipfile.ZipInfo(name, date_time=(2024, 3, 1, 10, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    return bio.getvalue()


def docx(paragraphs):
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '</Relationships>')
    body = ''.join('<w:p><w:r><w:t>%s</w:t></w:r></w:p>' % p for p in paragraphs)
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:body>%s</w:body></w:document>' % body)
    return zipbytes([('[Content_Types].xml', ct), ('_rels/.rels', rels), ('word/document.xml', doc)])


def tlv(tag, body):
    n = len(body)
    if n < 128:
        ln = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, 'big')
        ln = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + ln + body


def pkcs7(content=None, seed=0):
    """Fake-but-well-nested CMS SignedData (detached when content is None)."""
    r = random.Random(seed)
    oid_signed = bytes.fromhex('06092a864886f70d010702')
    oid_data = bytes.fromhex('06092a864886f70d010701')
    sha256 = tlv(0x30, bytes.fromhex('0609608648016503040201') + b'\x05\x00')
    cert = tlv(0x30, tlv(0x30, b'\xa0\x03\x02\x01\x02' + tlv(0x02, bytes(r.randrange(256) for _ in range(16)))
                         + bytes(r.randrange(256) for _ in range(900))))
    siginfo = tlv(0x31, tlv(0x30, b'\x02\x01\x01' + bytes(r.randrange(256) for _ in range(330))))
    encap = tlv(0x30, oid_data + (tlv(0xa0, tlv(0x04, content)) if content is not None else b''))
    sd = tlv(0x30, b'\x02\x01\x01' + tlv(0x31, sha256) + encap + tlv(0xa0, cert) + siginfo)
    return tlv(0x30, oid_signed + tlv(0xa0, sd))


def randb(seed, n):
    r = random.Random(seed)
    return bytes(r.randrange(256) for _ in range(n))


# ---------------------------------------------------------------------------
# trace headers of the receiving side (mx1.example.net -> Dovecot)
# ---------------------------------------------------------------------------

def pfx(rcpt, envfrom, helo, rdns, ip, qid, date, tls=True):
    return (f"Return-Path: <{envfrom}>\n"
            f"Delivered-To: {rcpt}\n"
            f"Received: from {helo} ({rdns} [{ip}])\n"
            f"\tby mx1.example.net (Postfix) with {'ESMTPS' if tls else 'ESMTP'} id {qid}\n"
            f"\tfor <{rcpt}>; {date}\n")


def lmtp(rcpt, envfrom, helo, rdns, ip, qid, lid, date):
    return (f"Return-Path: <{envfrom}>\n"
            f"Delivered-To: {rcpt}\n"
            f"Received: from mx1.example.net\n"
            f"\tby imap2.example.net with LMTP\n"
            f"\tid {lid}\n"
            f"\t(envelope-from <{envfrom}>)\n"
            f"\tfor <{rcpt}>; {date}\n"
            f"Received: from {helo} ({rdns} [{ip}])\n"
            f"\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\n"
            f"\t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)\n"
            f"\t(No client certificate requested)\n"
            f"\tby mx1.example.net (Postfix) with ESMTPS id {qid}\n"
            f"\tfor <{rcpt}>; {date}\n")


ENTRIES = []


def add(name, program, shape, pieces, lf=False, eightbit=False):
    if not isinstance(pieces, (list, tuple)):
        pieces = [pieces]
    data = b''
    for p in pieces:
        if isinstance(p, str):
            if not eightbit:
                p.encode('ascii')  # raises if a non-ASCII char slipped in
            p = p.encode('utf-8')
        data += p
    data = data.replace(b'\r\n', b'\n')
    if not lf:
        data = data.replace(b'\n', b'\r\n')
    assert len(data) < 120 * 1024, (name, len(data))
    assert name[:3].isdigit() and name.startswith('1') and name.endswith('.eml'), name
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)
    ENTRIES.append((name, program, shape, len(data), lf))


# ---------------------------------------------------------------------------
# Outlook / Exchange Online
# ---------------------------------------------------------------------------

OUTLOOK_STYLE = """<style><!--
/* Font Definitions */
@font-face
	{font-family:"Cambria Math";
	panose-1:2 4 5 3 5 4 6 3 2 4;}
@font-face
	{font-family:Calibri;
	panose-1:2 15 5 2 2 2 4 3 2 4;}
/* Style Definitions */
p.MsoNormal, li.MsoNormal, div.MsoNormal
	{margin:0cm;
	font-size:11.0pt;
	font-family:"Calibri",sans-serif;
	mso-fareast-language:EN-US;}
a:link, span.MsoHyperlink
	{mso-style-priority:99;
	color:#0563C1;
	text-decoration:underline;}
span.E-MailFormatvorlage17
	{mso-style-type:personal-compose;
	font-family:"Calibri",sans-serif;
	color:windowtext;}
.MsoChpDefault
	{mso-style-type:export-only;
	font-family:"Calibri",sans-serif;
	mso-fareast-language:EN-US;}
@page WordSection1
	{size:612.0pt 792.0pt;
	margin:70.85pt 70.85pt 2.0cm 70.85pt;}
div.WordSection1
	{page:WordSection1;}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]--><!--[if gte mso 9]><xml>
<o:shapelayout v:ext="edit">
<o:idmap v:ext="edit" data="1" />
</o:shapelayout></xml><![endif]-->"""


def outlook_html(paras, charset, lang='DE', extra=''):
    body = ''.join('<p class="MsoNormal">%s<o:p></o:p></p>\n' % (p if p else '<o:p>&nbsp;</o:p>') for p in paras)
    return ('<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" '
            'xmlns="http://www.w3.org/TR/REC-html40">\n'
            '<head>\n<meta http-equiv="Content-Type" content="text/html; charset=%s">\n'
            '<meta name="Generator" content="Microsoft Word 15 (filtered medium)">\n%s\n</head>\n'
            '<body lang="%s" link="#0563C1" vlink="#954F72" style="word-wrap:break-word">\n'
            '<div class="WordSection1">\n%s%s</div>\n</body>\n</html>\n' % (charset, OUTLOOK_STYLE, lang, body, extra))


def exo_received(src_host, src_ip6, dst_host, dst_ip6, date, ver='15.20.7339.35'):
    return (f"Received: from {src_host} ({src_ip6})\n"
            f" by {dst_host} ({dst_ip6}) with\n"
            f" Microsoft SMTP Server (version=TLS1_2,\n"
            f" cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id {ver}; {date}\n")


# 100 -- plain Outlook reply, us-ascii, alternative QP
mid = 'AM0PR07MB4321C8E2F1A3B4D5E6F7A8B9C0D1E2F3A'
bnd = f'_000_{mid}AM0PR07MB4321eurp_'
txt = """Hi Klaus,

the revised schedule for Q1 looks good from our side. We can confirm the
pickup dates for week 11 and week 13; week 12 is still open because the
carrier has not yet confirmed the second truck.

I will send you the updated delivery notes by Thursday.

Best regards
Jana

Jana Becker
Logistics Coordinator
Contoso Ltd. | Bahnhofstrasse 12 | 80335 Munich
Phone +49 89 1234567-21

From: Klaus Schmidt <k.schmidt@example.net>
Sent: Monday, March 4, 2024 4:52 PM
To: Becker, Jana <Jana.Becker@contoso.com>
Subject: Q1 shipping schedule

Hi Jana,

please find the revised Q1 schedule below. Could you confirm the pickup
dates by Wednesday?

Thanks,
Klaus
"""
html = outlook_html(['Hi Klaus,', '', 'the revised schedule for Q1 looks good from our side. We can confirm the pickup dates for week 11 and week 13; week 12 is still open because the carrier has not yet confirmed the second truck.', '', 'I will send you the updated delivery notes by Thursday.', '', 'Best regards', 'Jana', '', '<b>Jana Becker</b>', 'Logistics Coordinator', 'Contoso Ltd. | Bahnhofstrasse 12 | 80335 Munich', 'Phone +49 89 1234567-21'], 'us-ascii', lang='EN-US',
                    extra='<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">\n<p class="MsoNormal"><b>From:</b> Klaus Schmidt &lt;k.schmidt@example.net&gt;<br>\n<b>Sent:</b> Monday, March 4, 2024 4:52 PM<br>\n<b>To:</b> Becker, Jana &lt;Jana.Becker@contoso.com&gt;<br>\n<b>Subject:</b> Q1 shipping schedule<o:p></o:p></p>\n</div>\n<p class="MsoNormal">Hi Jana,<o:p></o:p></p>\n<p class="MsoNormal">please find the revised Q1 schedule below. Could you confirm the pickup dates by Wednesday?<o:p></o:p></p>\n<p class="MsoNormal">Thanks,<br>Klaus<o:p></o:p></p>\n')
add('100-outlook-alt-usascii.eml', 'Outlook 16 / Exchange Online', 'multipart/alternative: text/plain + text/html, QP, us-ascii; reply with Thread-Index', [
    pfx('k.schmidt@example.net', 'Jana.Becker@contoso.com', 'EUR05-AM6-obe.outbound.protection.outlook.com',
        'mail-am6eur05on2070.outbound.protection.outlook.com', '40.107.22.70', '4TpQ7m1bN3z9sT5',
        'Tue,  5 Mar 2024 09:14:27 +0100 (CET)'),
    "Authentication-Results: mx1.example.net;\n\tdkim=pass (1024-bit key; unprotected) header.d=contoso.com header.i=@contoso.com header.a=rsa-sha256 header.s=selector1 header.b=Qm3xK2aB;\n\tdmarc=pass (p=quarantine dis=none) header.from=contoso.com\n",
    exo_received('AM0PR07MB4321.eurprd07.prod.outlook.com', '2603:10a6:208:1f::23', 'AM0PR07MB5678.eurprd07.prod.outlook.com', '2603:10a6:208:2a::11', 'Tue, 5 Mar\n 2024 08:14:25 +0000'),
    exo_received('AM0PR07MB4321.eurprd07.prod.outlook.com', '::1', 'AM0PR07MB4321.eurprd07.prod.outlook.com', '::1', 'Tue, 5 Mar\n 2024 08:14:24 +0000'),
    f"""From: "Becker, Jana" <Jana.Becker@contoso.com>
To: Klaus Schmidt <k.schmidt@example.net>
CC: "Wagner, Tom" <Tom.Wagner@contoso.com>
Subject: RE: Q1 shipping schedule
Thread-Topic: Q1 shipping schedule
Thread-Index: AdpuZx3L0bT1XfQ8Rx+Vm8zC8Y2eAwAg4t9Q
Date: Tue, 5 Mar 2024 08:14:24 +0000
Message-ID: <{mid}@AM0PR07MB4321.eurprd07.prod.outlook.com>
References: <5b2f1e0c-7a41-4d0e-9f53-0c1a2b3d4e5f@example.net>
In-Reply-To: <5b2f1e0c-7a41-4d0e-9f53-0c1a2b3d4e5f@example.net>
Accept-Language: en-US, de-DE
Content-Language: en-US
X-MS-Has-Attach: 
X-MS-TNEF-Correlator: 
authentication-results: dkim=none (message not signed)
 header.d=none;dmarc=none action=none header.from=contoso.com;
x-ms-publictraffictype: Email
x-ms-traffictypediagnostic: AM0PR07MB4321:EE_|AM0PR07MB5678:EE_
x-ms-office365-filtering-correlation-id: 3c1d9e7a-52f4-4b0e-8a9d-08dc3ce1a7f2
x-ms-exchange-senderadcheck: 1
Content-Type: multipart/alternative;
\tboundary="{bnd}"
MIME-Version: 1.0
X-OriginatorOrg: contoso.com
X-MS-Exchange-CrossTenant-originalarrivaltime: 05 Mar 2024 08:14:24.6311
 (UTC)

--{bnd}
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

{qp(txt, 'ascii')}
--{bnd}
Content-Type: text/html; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

{qp(html, 'ascii')}
--{bnd}--
"""])

# 101 -- Outlook, iso-8859-1, German, QP, RFC 2047 Q subject
mid = 'VI1PR03MB6180F2A7D1C94B8E0A3F5D27B81C2D'
bnd = f'_000_{mid}VI1PR03MB6180eurp_'
subj = 'AW: Änderung der Lieferadresse für Auftrag 4711'
txt = """Sehr geehrter Herr Schmidt,

vielen Dank für Ihre Nachricht. Wir haben die Lieferadresse für den Auftrag
4711 wie gewünscht geändert:

Müller & Söhne GmbH
Wareneingang, Tor 3
Industriestraße 17
90431 Nürnberg

Die Lieferung erfolgt voraussichtlich am Freitag, 8. März, zwischen 8 und 12 Uhr.

Mit freundlichen Grüßen
i. A. Sabine Hoß

Fabrikam Vertriebs GmbH
Geschäftsführer: Dr. Jörg Weiß | Amtsgericht Köln HRB 12345
"""
html = outlook_html(['Sehr geehrter Herr Schmidt,', '', 'vielen Dank f&uuml;r Ihre Nachricht. Wir haben die Lieferadresse f&uuml;r den Auftrag 4711 wie gew&uuml;nscht ge&auml;ndert:', '',
                     'M&uuml;ller &amp; S&ouml;hne GmbH<br>Wareneingang, Tor 3<br>Industriestra&szlig;e 17<br>90431 N&uuml;rnberg', '',
                     'Die Lieferung erfolgt voraussichtlich am Freitag, 8. M&auml;rz, zwischen 8 und 12 Uhr.', '',
                     'Mit freundlichen Grüßen', 'i. A. Sabine Hoß', '', '<span style="font-size:8.0pt;color:gray">Fabrikam Vertriebs GmbH<br>Geschäftsführer: Dr. Jörg Weiß | Amtsgericht Köln HRB 12345</span>'], 'iso-8859-1')
add('101-outlook-alt-latin1.eml', 'Outlook 2019 / Exchange on-premises', 'multipart/alternative, QP, charset="iso-8859-1", RFC 2047 Q subject and From', [
    lmtp('k.schmidt@example.net', 'Sabine.Hoss@fabrikam.de', 'mail.fabrikam.de', 'mail.fabrikam.de', '198.51.100.23', '4TqB2k0xYpz1wQ8', 'yH5aKq0N5mXnPwAAmK3LBw', 'Wed, 06 Mar 2024 11:02:41 +0100'),
    f"""Received: from EXCH02.fabrikam.local (10.10.1.12) by EXCH01.fabrikam.local
 (10.10.1.11) with Microsoft SMTP Server (version=TLS1_2,
 cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.1.2507.35; Wed, 6 Mar
 2024 11:02:38 +0100
Received: from EXCH02.fabrikam.local ([fe80::8d3c:5a1e:2b4f:9c70]) by
 EXCH02.fabrikam.local ([fe80::8d3c:5a1e:2b4f:9c70%12]) with mapi id
 15.01.2507.035; Wed, 6 Mar 2024 11:02:38 +0100
From: {ew_q('Hoß, Sabine', 'iso-8859-1')} <Sabine.Hoss@fabrikam.de>
To: "'Klaus Schmidt'" <k.schmidt@example.net>
Subject: {ew_q(subj, 'iso-8859-1')}
Thread-Topic: {ew_q(subj[4:], 'iso-8859-1')}
Thread-Index: AQHabx2Kq7yT9zP0ekSx3bNqYvZ4M7Ev2yPw
Date: Wed, 6 Mar 2024 10:02:37 +0000
Message-ID: <{mid}@VI1PR03MB6180.eurprd03.prod.outlook.com>
References: <0f6c1a2b-9d8e-4c7f-b1a2-3c4d5e6f7081@example.net>
In-Reply-To: <0f6c1a2b-9d8e-4c7f-b1a2-3c4d5e6f7081@example.net>
Accept-Language: de-DE, en-US
Content-Language: de-DE
X-MS-Exchange-Organization-AuthAs: Internal
X-MS-Exchange-Organization-AuthMechanism: 04
X-MS-Exchange-Organization-AuthSource: EXCH02.fabrikam.local
X-MS-Has-Attach: 
X-MS-TNEF-Correlator: 
x-originating-ip: [10.10.20.57]
Content-Type: multipart/alternative;
\tboundary="{bnd}"
MIME-Version: 1.0

--{bnd}
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{qp(txt, 'iso-8859-1')}
--{bnd}
Content-Type: text/html; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{qp(html, 'iso-8859-1')}
--{bnd}--
"""])

# 102 -- Outlook, utf-8 with typographic characters
mid = 'DB9PR08MB7021A6C3E5F10B2D4E8F9A1C0B3D5E7F'
bnd = f'_000_{mid}DB9PR08MB7021eurp_'
subj = 'Budget 2024 – next steps “draft v3”'
txt = """Hello all,

here is a short summary of today’s call – thanks everyone for joining:

• Marketing budget stays at €120,000 (no change vs. 2023)
• IT hardware refresh is moved to Q3 – Zoë will follow up with procurement
• Travel: please use the new “Travel & Expenses” form from 1 April

The draft v3 of the spreadsheet is on SharePoint. Comments by Friday, please.

Kind regards,
Łukasz Nowak
Finance | Fabrikam Sp. z o.o.
"""
html = outlook_html(['Hello all,', '', 'here is a short summary of today’s call – thanks everyone for joining:', '',
                     '•&nbsp; Marketing budget stays at €120,000 (no change vs. 2023)', '•&nbsp; IT hardware refresh is moved to Q3 – Zoë will follow up with procurement',
                     '•&nbsp; Travel: please use the new “Travel &amp; Expenses” form from 1 April', '',
                     'The draft v3 of the spreadsheet is on <a href="https://fabrikam.sharepoint.com/sites/finance/Shared%20Documents/Budget2024_v3.xlsx">SharePoint</a>. Comments by Friday, please.',
                     '', 'Kind regards,', 'Łukasz Nowak', '<span style="color:#7F7F7F">Finance | Fabrikam Sp. z o.o.</span>'], 'utf-8', lang='EN-GB')
add('102-outlook-alt-utf8.eml', 'Outlook for Microsoft 365 / Exchange Online', 'multipart/alternative, QP, charset="utf-8", RFC 2047 B subject with en dash and curly quotes', [
    pfx('finance-team@example.net', 'Lukasz.Nowak@fabrikam.pl', 'EUR03-DBA-obe.outbound.protection.outlook.com',
        'mail-dbaeur03on2112.outbound.protection.outlook.com', '40.107.104.112', '4TqC8r3Hhwz4xZ1',
        'Wed,  6 Mar 2024 15:47:09 +0100 (CET)'),
    exo_received('DB9PR08MB7021.eurprd08.prod.outlook.com', '2603:10a6:10:2a1::9', 'DU0PR08MB8833.eurprd08.prod.outlook.com', '2603:10a6:10:40e::14', 'Wed, 6 Mar\n 2024 14:47:07 +0000'),
    f"""From: =?utf-8?B?xYF1a2FzeiBOb3dhaw==?= <Lukasz.Nowak@fabrikam.pl>
To: "finance-team@example.net" <finance-team@example.net>
Subject: {ew_b(subj, 'utf-8')}
Thread-Topic: {ew_b(subj, 'utf-8')}
Thread-Index: AdpvyX9Q0Z3j5TtHSYqg1zq2b2uQbg==
Date: Wed, 6 Mar 2024 14:47:06 +0000
Message-ID: <{mid}@DB9PR08MB7021.eurprd08.prod.outlook.com>
Accept-Language: en-GB, pl-PL
Content-Language: en-GB
X-MS-Has-Attach: 
X-MS-TNEF-Correlator: 
msip_labels: MSIP_Label_3c9a7e1f-5a6b-4c2d-9e8f-0a1b2c3d4e5f_Enabled=True;
 MSIP_Label_3c9a7e1f-5a6b-4c2d-9e8f-0a1b2c3d4e5f_Name=Internal;
 MSIP_Label_3c9a7e1f-5a6b-4c2d-9e8f-0a1b2c3d4e5f_SetDate=2024-03-06T14:46:51Z;
Content-Type: multipart/alternative;
\tboundary="{bnd}"
MIME-Version: 1.0

--{bnd}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{qp(txt)}
--{bnd}
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{qp(html)}
--{bnd}--
"""])

# 103 -- Outlook invoice with large (~100 KB encoded) PDF
mid = 'PAXPR02MB7264B3E9A0C1D2F4E5A6B7C8D9E0F1A2'
bmix = f'_004_{mid}PAXPR02MB7264eurp_'
balt = f'_000_{mid}PAXPR02MB7264eurp_'
invoice_pdf = pdf(['Contoso Ltd.', 'INVOICE  RE-2024-00318', 'Date: 01.03.2024', '',
                   'Customer: Example Networks GmbH', 'Pos 1  Managed firewall service 03/2024    1 x 450.00 EUR',
                   'Pos 2  Support hours                       6 x  95.00 EUR', '', 'Net  1,020.00 EUR',
                   'VAT 19%  193.80 EUR', 'Total  1,213.80 EUR'], title='Rechnung RE-2024-00318',
                  producer='Microsoft\xae Word for Microsoft 365', fontfile=75000, seed=103)
txt = """Dear Sir or Madam,

please find attached our invoice RE-2024-00318 dated 1 March 2024.

Amount due: EUR 1,213.80
Payment terms: 14 days net

If you have any questions regarding this invoice, please contact
accounting@contoso.com.

Kind regards
Contoso Accounting
"""
html = outlook_html(['Dear Sir or Madam,', '', 'please find attached our invoice RE-2024-00318 dated 1 March 2024.', '',
                     'Amount due: <b>EUR 1,213.80</b><br>Payment terms: 14 days net', '',
                     'If you have any questions regarding this invoice, please contact <a href="mailto:accounting@contoso.com">accounting@contoso.com</a>.',
                     '', 'Kind regards', 'Contoso Accounting'], 'us-ascii', lang='EN-US')
add('103-outlook-invoice-pdf.eml', 'Outlook for Microsoft 365 / Exchange Online', 'multipart/mixed: alternative(text/plain, text/html) + application/pdf (~100 KB encoded)', [
    pfx('invoices@example.net', 'accounting@contoso.com', 'EUR02-VI1-obe.outbound.protection.outlook.com',
        'mail-vi1eur02on2041.outbound.protection.outlook.com', '40.107.241.41', '4TrF0w2ZCMz1yKs',
        'Fri,  1 Mar 2024 10:21:53 +0100 (CET)'),
    "Authentication-Results: mx1.example.net;\n\tdkim=pass (2048-bit key; unprotected) header.d=contoso.com header.i=@contoso.com header.a=rsa-sha256 header.s=selector2 header.b=Zr0P9wQc;\n\tspf=pass (mx1.example.net: domain of accounting@contoso.com designates 40.107.241.41 as permitted sender) smtp.mailfrom=accounting@contoso.com\n",
    exo_received('PAXPR02MB7264.eurprd02.prod.outlook.com', '2603:10a6:102:24b::7', 'AS8PR02MB9551.eurprd02.prod.outlook.com', '2603:10a6:20b:59d::12', 'Fri, 1 Mar\n 2024 09:21:50 +0000'),
    f"""From: Contoso Accounting <accounting@contoso.com>
To: "invoices@example.net" <invoices@example.net>
Subject: Invoice RE-2024-00318 - Contoso Ltd.
Thread-Topic: Invoice RE-2024-00318 - Contoso Ltd.
Thread-Index: AdprwF3h4n+Yp0s9QrK4c1bUo8lLdA==
Date: Fri, 1 Mar 2024 09:21:49 +0000
Message-ID: <{mid}@PAXPR02MB7264.eurprd02.prod.outlook.com>
Accept-Language: en-US
Content-Language: en-US
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator: 
Content-Type: multipart/mixed;
\tboundary="{bmix}"
MIME-Version: 1.0

--{bmix}
Content-Type: multipart/alternative;
\tboundary="{balt}"

--{balt}
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

{qp(txt, 'ascii')}
--{balt}
Content-Type: text/html; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

{qp(html, 'ascii')}
--{balt}--

--{bmix}
Content-Type: application/pdf; name="RE-2024-00318.pdf"
Content-Description: RE-2024-00318.pdf
Content-Disposition: attachment; filename="RE-2024-00318.pdf"; size={len(invoice_pdf)};
\tcreation-date="Fri, 01 Mar 2024 09:21:10 GMT";
\tmodification-date="Fri, 01 Mar 2024 09:21:49 GMT"
Content-Transfer-Encoding: base64

{b64(invoice_pdf)}
--{bmix}--
"""])

# 104 -- Outlook related: alternative + inline image001.png via cid:
mid = 'AS4PR10MB5872E1D2C3B4A5968778695A4B3C2D1E'
brel = f'_004_{mid}AS4PR10MB5872EURP_'
balt = f'_000_{mid}AS4PR10MB5872EURP_'
cid = 'image001.png@01DA6F3C.8E2B1A40'
logo = png(24, 12, 104)
txt = """Hi Klaus,

attached is the screenshot of the error in the customer portal (see below).
It happens after clicking "Submit order" on the last page.

[cid:image001.png@01DA6F3C.8E2B1A40]

Could your team take a look?

Thanks
Tom
"""
html = outlook_html(['Hi Klaus,', '', 'attached is the screenshot of the error in the customer portal (see below). It happens after clicking &quot;Submit order&quot; on the last page.', '',
                     '<img width="240" height="120" style="width:2.5in;height:1.25in" id="Picture_x0020_1" src="cid:%s">' % cid, '',
                     'Could your team take a look?', '', 'Thanks', 'Tom'], 'us-ascii', lang='EN-US')
add('104-outlook-related-cid-image.eml', 'Outlook 16 / Exchange Online', 'multipart/related(type=multipart/alternative): alternative + image/png inline with Content-ID, referenced by cid:', [
    pfx('k.schmidt@example.net', 'Tom.Wagner@contoso.com', 'EUR04-HE1-obe.outbound.protection.outlook.com',
        'mail-he1eur04on2058.outbound.protection.outlook.com', '40.107.7.58', '4TrQ3c6Lmxz2vRt',
        'Thu,  7 Mar 2024 13:36:12 +0100 (CET)'),
    exo_received('AS4PR10MB5872.EURPRD10.PROD.OUTLOOK.COM', '2603:10a6:20b:4cf::19', 'PAWPR10MB7342.EURPRD10.PROD.OUTLOOK.COM', '2603:10a6:102:36a::8', 'Thu, 7 Mar\n 2024 12:36:10 +0000'),
    f"""From: "Wagner, Tom" <Tom.Wagner@contoso.com>
To: Klaus Schmidt <k.schmidt@example.net>
Subject: Error in customer portal (screenshot)
Thread-Topic: Error in customer portal (screenshot)
Thread-Index: Adpwj7k6O8m0c2lhSj2Xw0O7d6P+GQ==
Date: Thu, 7 Mar 2024 12:36:09 +0000
Message-ID: <{mid}@AS4PR10MB5872.EURPRD10.PROD.OUTLOOK.COM>
Accept-Language: en-US
Content-Language: en-US
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator: 
Content-Type: multipart/related;
\tboundary="{brel}";
\ttype="multipart/alternative"
MIME-Version: 1.0

--{brel}
Content-Type: multipart/alternative;
\tboundary="{balt}"

--{balt}
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

{qp(txt, 'ascii')}
--{balt}
Content-Type: text/html; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

{qp(html, 'ascii')}
--{balt}--

--{brel}
Content-Type: image/png; name="image001.png"
Content-Description: image001.png
Content-Disposition: inline; filename="image001.png"; size={len(logo)};
\tcreation-date="Thu, 07 Mar 2024 12:36:09 GMT";
\tmodification-date="Thu, 07 Mar 2024 12:36:09 GMT"
Content-ID: <{cid}>
Content-Transfer-Encoding: base64

{b64(logo)}
--{brel}--
"""])

# 105 -- Outlook meeting request
mid = 'BE1P281MB2530D4C3B2A1F0E9D8C7B6A5F4E3D2C1'
bnd = f'_000_{mid}BE1P281MB2530DEUP_'
uid = '040000008200E00074C5B7101A82E00800000000B0C1F6A7E16FDA01000000000000000010000000A3F5C2D18E7B6A4F9C0D1E2F3A4B5C6D'
ics = f"""BEGIN:VCALENDAR
METHOD:REQUEST
PRODID:Microsoft Exchange Server 2010
VERSION:2.0
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
ORGANIZER;CN="Becker, Jana":mailto:Jana.Becker@contoso.com
ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Klaus Schm
 idt:mailto:k.schmidt@example.net
ATTENDEE;ROLE=OPT-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN="Wagner, T
 om":mailto:Tom.Wagner@contoso.com
DESCRIPTION;LANGUAGE=en-US:Quarterly review of the logistics KPIs.\\n\\nAgend
 a:\\n1. Delivery performance Q1\\n2. Carrier contracts\\n3. AOB\\n\\n_________
 _______________________________________________________________________\\n
 Microsoft Teams meeting\\nJoin on your computer\\, mobile app or room devic
 e\\nClick here to join the meeting<https://teams.microsoft.com/l/meetup-join
 /19%3ameeting_NjQ1YzM4ZDYtOTE2Ni00YjA1LWE2NzctOGQ0ZTk2N2M1ZjA4%40thread.v2
 /0>\\nMeeting ID: 341 552 907 118\\nPasscode: Xk8PqA\\n
UID:{uid}
SUMMARY;LANGUAGE=en-US:Logistics KPI review Q1
DTSTART;TZID=W. Europe Standard Time:20240314T100000
DTEND;TZID=W. Europe Standard Time:20240314T110000
CLASS:PUBLIC
PRIORITY:5
DTSTAMP:20240307T154402Z
TRANSP:OPAQUE
STATUS:CONFIRMED
SEQUENCE:0
LOCATION;LANGUAGE=en-US:Microsoft Teams Meeting
X-MICROSOFT-CDO-APPT-SEQUENCE:0
X-MICROSOFT-CDO-OWNERAPPTID:2122414870
X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE
X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY
X-MICROSOFT-CDO-ALLDAYEVENT:FALSE
X-MICROSOFT-CDO-IMPORTANCE:1
X-MICROSOFT-CDO-INSTTYPE:0
X-MICROSOFT-ONLINEMEETINGEXTERNALLINK:
X-MICROSOFT-ONLINEMEETINGCONFLINK:conf:sip:jana.becker@contoso.com\\;gruu\\;
 opaque=app:conf:focus:id:teams:2:0!19:meeting_NjQ1YzM4ZDYtOTE2Ni00YjA1LWE2
 NzctOGQ0ZTk2N2M1ZjA4-thread.v2!0a1b2c3d4e5f!contoso.com
X-MICROSOFT-DONOTFORWARDMEETING:FALSE
X-MICROSOFT-DISALLOW-COUNTER:FALSE
X-MICROSOFT-LOCATIONS:[{{"DisplayName":"Microsoft Teams Meeting","LocationAn
 notation":"","LocationUri":"","LocationStreet":"","LocationCity":"","Locati
 onState":"","LocationCountry":"","LocationPostalCode":"","LocationFullAddr
 ess":""}}]
BEGIN:VALARM
DESCRIPTION:REMINDER
TRIGGER;RELATED=START:-PT15M
ACTION:DISPLAY
END:VALARM
END:VEVENT
END:VCALENDAR
""".replace('\n', '\r\n')
txt = """Quarterly review of the logistics KPIs.

Agenda:
1. Delivery performance Q1
2. Carrier contracts
3. AOB

________________________________________________________________________________
Microsoft Teams meeting
Join on your computer, mobile app or room device
Click here to join the meeting<https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ1YzM4ZDYtOTE2Ni00YjA1LWE2NzctOGQ0ZTk2N2M1ZjA4%40thread.v2/0>
Meeting ID: 341 552 907 118
Passcode: Xk8PqA
"""
html = outlook_html(['Quarterly review of the logistics KPIs.', '', 'Agenda:', '1. Delivery performance Q1', '2. Carrier contracts', '3. AOB', '',
                     '<span style="color:#5F5F5F">________________________________________________________________________________</span>',
                     '<b><span style="font-size:18.0pt;color:#252424">Microsoft Teams meeting</span></b>',
                     '<a href="https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ1YzM4ZDYtOTE2Ni00YjA1LWE2NzctOGQ0ZTk2N2M1ZjA4%40thread.v2/0" target="_blank"><span style="font-size:10.5pt;color:#6264A7">Click here to join the meeting</span></a>',
                     'Meeting ID: 341 552 907 118<br>Passcode: Xk8PqA'], 'us-ascii', lang='EN-US')
add('105-outlook-meeting-request.eml', 'Outlook for Microsoft 365 / Exchange Online (Teams meeting)', 'multipart/alternative: text/plain + text/html + text/calendar; method=REQUEST (base64)', [
    pfx('k.schmidt@example.net', 'Jana.Becker@contoso.com', 'DEU01-BE0-obe.outbound.protection.outlook.com',
        'mail-be0deu01on2101.outbound.protection.outlook.com', '40.107.127.101', '4TrTq51JcDz6wPm',
        'Thu,  7 Mar 2024 16:44:06 +0100 (CET)'),
    exo_received('BE1P281MB2530.DEUP281.PROD.OUTLOOK.COM', '2603:10a6:b10:5b::14', 'FR2P281MB0107.DEUP281.PROD.OUTLOOK.COM', '2603:10a6:d10:1b::9', 'Thu, 7 Mar\n 2024 15:44:04 +0000'),
    f"""From: "Becker, Jana" <Jana.Becker@contoso.com>
To: Klaus Schmidt <k.schmidt@example.net>
CC: "Wagner, Tom" <Tom.Wagner@contoso.com>
Subject: Logistics KPI review Q1
Thread-Topic: Logistics KPI review Q1
Thread-Index: AdpwpZ3fB1w8yqR6QoOYx7n1Gm1bwQ==
Date: Thu, 7 Mar 2024 15:44:02 +0000
Message-ID: <{mid}@BE1P281MB2530.DEUP281.PROD.OUTLOOK.COM>
Accept-Language: en-US
Content-Language: en-US
X-MS-Has-Attach: 
X-MS-TNEF-Correlator: 
x-ms-exchange-calendar-series-instance-id: BAAAAIIA4AB0xbcQGoLgCAAAAACwwfan4W/aAQAAAAAAAAAAEAAAAKP1wtGOe2pPnA0eLzpLXG0=
Content-Type: multipart/alternative;
\tboundary="{bnd}"
MIME-Version: 1.0

--{bnd}
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

{qp(txt, 'ascii')}
--{bnd}
Content-Type: text/html; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

{qp(html, 'ascii')}
--{bnd}
Content-Type: text/calendar; charset="utf-8"; method=REQUEST
Content-Transfer-Encoding: base64

{b64(ics)}
--{bnd}--
"""])


# ---------------------------------------------------------------------------
# Gmail (web)
# ---------------------------------------------------------------------------

def gmail_trace(rcpt, sender, date_pdt, out_host, out_ip, smtp_id, xr_id, t, seed):
    r = random.Random(seed)
    bh = base64.b64encode(bytes(r.randrange(256) for _ in range(32))).decode()
    sig = base64.b64encode(bytes(r.randrange(256) for _ in range(256))).decode()
    return (f"Received: by {out_host} with SMTP id {smtp_id}\n"
            f"        for <{rcpt}>; {date_pdt}\n"
            f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\n"
            f"        d=gmail.com; s=20230601; t={t}; x={t + 604800}; darn=example.net;\n"
            f"        h=to:subject:message-id:date:from:mime-version:from:to:cc:subject\n"
            f"         :date:message-id:reply-to;\n"
            f"        bh={bh};\n"
            f"        b={sig[:68]}\n"
            f"         {sig[68:136]}\n"
            f"         {sig[136:204]}\n"
            f"         {sig[204:272]}\n"
            f"         {sig[272:]}\n"
            f"X-Google-DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\n"
            f"        d=1e100.net; s=20230601; t={t}; x={t + 604800};\n"
            f"        h=to:subject:message-id:date:from:mime-version:x-gm-message-state\n"
            f"         :from:to:cc:subject:date:message-id:reply-to;\n"
            f"        bh={bh};\n"
            f"        b={sig[20:88]}\n"
            f"         {sig[88:156]}\n"
            f"X-Gm-Message-State: AOJu0Yw{sig[40:100].replace('/', 'x').replace('+', 'Q')}\n"
            f"X-Google-Smtp-Source: AGHT+IH{sig[100:160].replace('/', 'k').replace('+', 'z')}\n"
            f"X-Received: by 2002:a05:6512:{r.randrange(4096):x}:b0:513:{r.randrange(4096):x}:{r.randrange(4096):x} with SMTP id {xr_id};\n"
            f"        {date_pdt}\n")


# 106 -- Gmail alternative, QP
b = '000000000000a1b2c30613b7e6f1'
txt = """Hallo Klaus,

danke für die schnelle Antwort! Dann treffen wir uns am Dienstag um 14 Uhr
im Büro in der Schillerstraße. Ich bringe die Unterlagen für die Prüfung mit.

Viele Grüße
Anna
"""
html = """<div dir="ltr"><div>Hallo Klaus,</div><div><br></div><div>danke für die schnelle Antwort! Dann treffen wir uns am Dienstag um 14 Uhr im Büro in der Schillerstraße. Ich bringe die Unterlagen für die Prüfung mit.</div><div><br></div><div>Viele Grüße</div><div>Anna</div></div>
"""
add('106-gmail-alt-qp.eml', 'Gmail web', 'multipart/alternative, charset="UTF-8", QP bodies, umlauts', [
    pfx('k.schmidt@example.net', 'anna.mueller.84@gmail.com', 'mail-lf1-f41.google.com', 'mail-lf1-f41.google.com', '209.85.167.41', '4TtK9n3Wd7z3pMv', 'Mon, 11 Mar 2024 10:13:46 +0100 (CET)'),
    gmail_trace('k.schmidt@example.net', 'anna.mueller.84@gmail.com', 'Mon, 11 Mar 2024 02:13:44 -0700 (PDT)', 'mail-lf1-f41.google.com',
                '209.85.167.41', '2adb3069b0e04-5131c0691feso612345e87.1', 'g14-20020a0565123b8e00b005132c6a06c5mr1234567lfv.12.1710148423645', 1710148424, 106),
    f"""MIME-Version: 1.0
References: <8f2d4c1a-3b5e-4f6a-9c7d-0e1f2a3b4c5d@example.net>
In-Reply-To: <8f2d4c1a-3b5e-4f6a-9c7d-0e1f2a3b4c5d@example.net>
From: =?UTF-8?Q?Anna_M=C3=BCller?= <anna.mueller.84@gmail.com>
Date: Mon, 11 Mar 2024 10:13:32 +0100
Message-ID: <CAF3x9QkR7m2+Yp0vTq3bN5kZ8dW1sLx4eHcJ6uG9aPo2nV-7fA@mail.gmail.com>
Subject: Re: Termin Dienstag
To: Klaus Schmidt <k.schmidt@example.net>
Content-Type: multipart/alternative; boundary="{b}"

--{b}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(txt)}
--{b}
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(html)}
--{b}--
"""])

# 107 -- Gmail alternative, base64 bodies (Greek)
b = '0000000000005d8e7f0613b8c2a4'
txt = """Καλημέρα Κλάους,

σου στέλνω τα στοιχεία για την παραγγελία της επόμενης εβδομάδας.
Χρειαζόμαστε 40 κιβώτια μέχρι την Πέμπτη, αν γίνεται.

Ευχαριστώ πολύ,
Ελένη
"""
html = """<div dir="ltr"><div>Καλημέρα Κλάους,</div><div><br></div><div>σου στέλνω τα στοιχεία για την παραγγελία της επόμενης εβδομάδας. Χρειαζόμαστε <b>40 κιβώτια</b> μέχρι την Πέμπτη, αν γίνεται.</div><div><br></div><div>Ευχαριστώ πολύ,</div><div>Ελένη</div></div>
"""
add('107-gmail-alt-base64-greek.eml', 'Gmail web', 'multipart/alternative, charset="UTF-8", base64 bodies (Greek), RFC 2047 B subject', [
    pfx('k.schmidt@example.net', 'eleni.papadopoulou@gmail.com', 'mail-ej1-f48.google.com', 'mail-ej1-f48.google.com', '209.85.218.48', '4TtM0q6Yb1z2xRk', 'Mon, 11 Mar 2024 11:40:19 +0100 (CET)'),
    gmail_trace('k.schmidt@example.net', 'eleni.papadopoulou@gmail.com', 'Mon, 11 Mar 2024 03:40:17 -0700 (PDT)', 'mail-ej1-f48.google.com',
                '209.85.218.48', 'a640c23a62f3a-a45f4b0ff7bso201397366b.2', 'u17-20020a170906b11100b00a45f4b0ff7bmr4451296ejy.36.1710153616702', 1710153617, 107),
    f"""MIME-Version: 1.0
From: =?UTF-8?B?zpXOu86tzr3OtyDOoM6xz4DOsc60zr/PgM6/z43Ou86/z4U=?= <eleni.papadopoulou@gmail.com>
Date: Mon, 11 Mar 2024 12:40:05 +0200
Message-ID: <CAJ5yT1m0Wq8bX+dLk3Gv9pR2sNz4hEo7UcYf6aQ1jKt8wMn3Bg@mail.gmail.com>
Subject: {ew_b('Παραγγελία για την επόμενη εβδομάδα', 'UTF-8')}
To: k.schmidt@example.net
Content-Type: multipart/alternative; boundary="{b}"

--{b}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: base64

{b64(txt)}
--{b}
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: base64

{b64(html)}
--{b}--
"""])

# 108 -- Gmail with RFC 2231 attachment filename
bm = '0000000000007c1f3e0613b9d5e2'
ba = '0000000000007c1f3c0613b9d5e0'
att = pdf(['Rechnung Nr. 2024-0317', 'Zeitraum: März 2024', 'Betrag: 249,00 EUR'], title='Rechnung März', producer='Google Docs Renderer')
txt = """Hallo zusammen,

anbei die Rechnung für März. Bitte bis Monatsende überweisen.

LG Jonas
"""
html = """<div dir="ltr">Hallo zusammen,<div><br></div><div>anbei die Rechnung für März. Bitte bis Monatsende überweisen.</div><div><br></div><div>LG Jonas</div></div>
"""
add('108-gmail-attachment-rfc2231.eml', 'Gmail web', 'multipart/mixed: alternative + application/pdf; filename*=UTF-8\'\'Rechnung%20M%C3%A4rz.pdf (RFC 2231), name as RFC 2047 Q', [
    pfx('buchhaltung@example.net', 'jonas.weber.hh@gmail.com', 'mail-wm1-f52.google.com', 'mail-wm1-f52.google.com', '209.85.128.52', '4TvB7h2Lq4z9vWn', 'Tue, 12 Mar 2024 08:05:31 +0100 (CET)'),
    gmail_trace('buchhaltung@example.net', 'jonas.weber.hh@gmail.com', 'Tue, 12 Mar 2024 00:05:29 -0700 (PDT)', 'mail-wm1-f52.google.com',
                '209.85.128.52', '5b1f17b1804b1-413325b4bc3so1128645e9.0', 'c18-20020a05600c0ad200b00413325b4bc3mr2201956wmr.9.1710227128903', 1710227129, 108),
    f"""MIME-Version: 1.0
From: Jonas Weber <jonas.weber.hh@gmail.com>
Date: Tue, 12 Mar 2024 08:05:15 +0100
Message-ID: <CAM8nT0Pq7vZ1wX3kR5yL9bN2dF4hJ6sG8aQ0eU-3cV7mK1tY5w@mail.gmail.com>
Subject: =?UTF-8?Q?Rechnung_M=C3=A4rz?=
To: buchhaltung@example.net
Content-Type: multipart/mixed; boundary="{bm}"

--{bm}
Content-Type: multipart/alternative; boundary="{ba}"

--{ba}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(txt)}
--{ba}
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(html)}
--{ba}--
--{bm}
Content-Type: application/pdf; name="=?UTF-8?Q?Rechnung_M=C3=A4rz=2Epdf?="
Content-Disposition: attachment; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf
Content-Transfer-Encoding: base64
Content-ID: <f_ltnq4x8s0>
X-Attachment-Id: f_ltnq4x8s0

{b64(att)}--{bm}--
"""])

# 109 -- Gmail with RFC 2047 B attachment name (docx)
bm = '000000000000e2a4c60613bae7f9'
ba = '000000000000e2a4c50613bae7f7'
fname = 'Angebot Größenänderung – Halle 3.docx'
fw = ew_b(fname, 'UTF-8').replace('\n ', '')
att = docx(['Angebot Nr. A-2024-118', 'Größenänderung Halle 3 – Stahlbau', 'Gesamtpreis netto: 48.300,00 EUR'])
txt = """Guten Tag Herr Schmidt,

wie besprochen erhalten Sie anbei unser Angebot.

Mit freundlichen Grüßen
Mehmet Yılmaz
"""
html = """<div dir="ltr">Guten Tag Herr Schmidt,<br><br>wie besprochen erhalten Sie anbei unser Angebot.<br><br>Mit freundlichen Grüßen<br>Mehmet Yılmaz<br></div>
"""
add('109-gmail-attachment-rfc2047-docx.eml', 'Gmail web', 'multipart/mixed: alternative + .docx with name="=?UTF-8?B?...?=" / filename="=?UTF-8?B?...?=" (RFC 2047 in parameters)', [
    pfx('k.schmidt@example.net', 'm.yilmaz.bau@gmail.com', 'mail-qt1-f171.google.com', 'mail-qt1-f171.google.com', '209.85.160.171', '4TvD1s5Rf6z8mQp', 'Tue, 12 Mar 2024 14:22:07 +0100 (CET)'),
    gmail_trace('k.schmidt@example.net', 'm.yilmaz.bau@gmail.com', 'Tue, 12 Mar 2024 06:22:05 -0700 (PDT)', 'mail-qt1-f171.google.com',
                '209.85.160.171', 'd75a77b69052e-42ee0b3c3a1so31012171cf.1', 'b9-20020ac85bc9000000b0042ee0b3c3a1mr3316128qtb.2.1710249724812', 1710249725, 109),
    f"""MIME-Version: 1.0
From: =?UTF-8?Q?Mehmet_Y=C4=B1lmaz?= <m.yilmaz.bau@gmail.com>
Date: Tue, 12 Mar 2024 14:21:52 +0100
Message-ID: <CAGr4Zp3vN9q+Lm2kW8xT1bY6dS0hF5jR7eC4aQ2uK9nP3tV8oA@mail.gmail.com>
Subject: =?UTF-8?Q?Angebot_Gr=C3=B6=C3=9Fen=C3=A4nderung_Halle_3?=
To: Klaus Schmidt <k.schmidt@example.net>
Content-Type: multipart/mixed; boundary="{bm}"

--{bm}
Content-Type: multipart/alternative; boundary="{ba}"

--{ba}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(txt)}
--{ba}
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(html)}
--{ba}--
--{bm}
Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; 
\tname="{fw}"
Content-Disposition: attachment; 
\tfilename="{fw}"
Content-Transfer-Encoding: base64
Content-ID: <f_ltnr9q2c0>
X-Attachment-Id: f_ltnr9q2c0

{b64(att)}--{bm}--
"""])

# 110 -- Gmail with several attachments incl. RFC 2231 continuation
bm = '00000000000091f0a20613bc08d3'
ba = '00000000000091f0a00613bc08d1'
img1 = png(32, 20, 110)
img2 = jpeg(1101, 1400, exif='Google Pixel 7')
zf = zipbytes([('messwerte/2024-03-11.csv', 'zeit;temp;druck\n08:00;21.4;1013\n09:00;22.1;1012\n'),
               ('messwerte/2024-03-12.csv', 'zeit;temp;druck\n08:00;20.9;1015\n09:00;21.7;1014\n'),
               ('LIESMICH.txt', 'Messwerte Halle 3, Sensor B7\n')])
longname = 'Übersicht der Messwerte für die Sensoren in Halle 3 (März 2024).zip'
from urllib.parse import quote as _q
enc = _q(longname.encode('utf-8'), safe='')
p0, p1 = enc[:60], enc[60:]
txt = """Hi,

hier die Fotos und die Messwerte vom Wochenende. Das Diagramm ist ein
Screenshot aus dem Dashboard.

Gruß
Nils
"""
html = """<div dir="ltr">Hi,<div><br></div><div>hier die Fotos und die Messwerte vom Wochenende. Das Diagramm ist ein Screenshot aus dem Dashboard.</div><div><br></div><div>Gruß</div><div>Nils</div></div>
"""
add('110-gmail-multi-attachments.eml', 'Gmail web', 'multipart/mixed: alternative + png + jpeg + zip with RFC 2231 continued filename*0*/filename*1*', [
    pfx('technik@example.net', 'nils.hartmann.dev@gmail.com', 'mail-pj1-f43.google.com', 'mail-pj1-f43.google.com', '209.85.216.43', '4TvJ8c0Mn2z1kLs', 'Wed, 13 Mar 2024 07:58:40 +0100 (CET)'),
    gmail_trace('technik@example.net', 'nils.hartmann.dev@gmail.com', 'Tue, 12 Mar 2024 23:58:38 -0700 (PDT)', 'mail-pj1-f43.google.com',
                '209.85.216.43', '98e67ed59e1d1-29c4e8d5e2eso512031a91.3', 'o13-20020a17090a0a0d00b0029c4e8d5e2emr1045612pjo.20.1710313117991', 1710313118, 110),
    f"""MIME-Version: 1.0
From: Nils Hartmann <nils.hartmann.dev@gmail.com>
Date: Wed, 13 Mar 2024 07:58:24 +0100
Message-ID: <CAN2wY5r+Hq0Tk7Lz3pB9vX1mD6sF8gJ4aE2cQ0uR5nW7tK-yPw@mail.gmail.com>
Subject: Fotos + Messwerte Halle 3
To: technik@example.net
Cc: Klaus Schmidt <k.schmidt@example.net>
Content-Type: multipart/mixed; boundary="{bm}"

--{bm}
Content-Type: multipart/alternative; boundary="{ba}"

--{ba}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(txt)}
--{ba}
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(html)}
--{ba}--
--{bm}
Content-Type: image/png; name="Screenshot 2024-03-12 at 22.41.07.png"
Content-Disposition: attachment; filename="Screenshot 2024-03-12 at 22.41.07.png"
Content-Transfer-Encoding: base64
Content-ID: <f_ltp2c1m51>
X-Attachment-Id: f_ltp2c1m51

{b64(img1)}--{bm}
Content-Type: image/jpeg; name="PXL_20240311_091522814.jpg"
Content-Disposition: attachment; filename="PXL_20240311_091522814.jpg"
Content-Transfer-Encoding: base64
Content-ID: <f_ltp2c1mb2>
X-Attachment-Id: f_ltp2c1mb2

{b64(img2)}--{bm}
Content-Type: application/zip; 
\tname="=?UTF-8?Q?=C3=9Cbersicht_der_Messwerte_f=C3=BCr_die_Sensoren_in_Halle?=
 =?UTF-8?Q?_3_=28M=C3=A4rz_2024=29=2Ezip?="
Content-Disposition: attachment; 
\tfilename*0*=UTF-8''{p0};
\tfilename*1*={p1}
Content-Transfer-Encoding: base64
Content-ID: <f_ltp2c1mh3>
X-Attachment-Id: f_ltp2c1mh3

{b64(zf)}--{bm}--
"""])


# ---------------------------------------------------------------------------
# Apple Mail (macOS)
# ---------------------------------------------------------------------------

def icloud_trace(rcpt, envfrom, host, ip, qid, date, inner_host, inner_date):
    return (pfx(rcpt, envfrom, host, host, ip, qid, date)
            + f"Received: from {inner_host} (mr38p00im-dlb-asmtp-mailmevip.me.com [17.57.152.18])\n"
              f"\tby {host} (Postfix) with ESMTPSA id 7E2A51C0114\n"
              f"\tfor <{rcpt}>; {inner_date}\n")


# 111 -- Apple: text / image / text
b = 'Apple-Mail=_4B8F2C1E-9D3A-4E57-8B6C-2F1A0D9E7C35'
photo = jpeg(111, 1800, w=1024, h=768)
add('111-apple-text-image-text.eml', 'Apple Mail 16 (macOS Ventura)', 'multipart/mixed: text/plain – image/jpeg (inline, filename) – text/plain', [
    icloud_trace('k.schmidt@example.net', 'marie.dubois@icloud.com', 'st43p00im-ztdg10073201.me.com', '17.58.63.172', '4TvR6j1Xh0z7nBq',
                 'Wed, 13 Mar 2024 18:22:09 +0100 (CET)', 'smtpclient.apple', 'Wed, 13 Mar 2024 17:22:07 +0000 (UTC)'),
    f"""From: Marie Dubois <marie.dubois@icloud.com>
Content-Type: multipart/mixed;
\tboundary="{b}"
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.400.31\\))
Subject: Photo from the site visit
Date: Wed, 13 Mar 2024 18:22:05 +0100
Message-Id: <3C9D1E2F-7A8B-4C5D-9E0F-1A2B3C4D5E6F@icloud.com>
To: Klaus Schmidt <k.schmidt@example.net>
X-Mailer: Apple Mail (2.3774.400.31)


--{b}
Content-Transfer-Encoding: 7bit
Content-Type: text/plain;
\tcharset=us-ascii

Hi Klaus,

here is the photo of the loading ramp I mentioned:

--{b}
Content-Disposition: inline;
\tfilename=IMG_0412.jpeg
Content-Type: image/jpeg;
\tx-unix-mode=0644;
\tname="IMG_0412.jpeg"
Content-Transfer-Encoding: base64

{b64(photo)}
--{b}
Content-Transfer-Encoding: 7bit
Content-Type: text/plain;
\tcharset=us-ascii



The crack is on the left side, about 40 cm long.

Cheers,
Marie
--{b}--
"""])

# 112 -- Apple: alternative( text/plain, mixed(html, png, html) )
bo = 'Apple-Mail=_0E5C7A91-3B2D-4F68-A1C9-7D8E6F5A4B30'
bi = 'Apple-Mail=_A27F3E10-6C4D-4B95-8E21-C0D9F8E7A6B5'
chart = png(40, 24, 112)
txt = """Bonjour Klaus,

voici le graphique des ventes de février, comme promis.



Les chiffres définitifs arriveront la semaine prochaine.

Bien à toi,
Marie
"""
html1 = """<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">Bonjour Klaus,<div><br></div><div>voici le graphique des ventes de février, comme promis.</div><div><br></div><div></div></body></html>"""
html2 = """<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;"><div></div><div><br></div><div>Les chiffres définitifs arriveront la semaine prochaine.</div><div><br></div><div>Bien à toi,</div><div>Marie</div></body></html>"""
add('112-apple-alt-html-image-html.eml', 'Apple Mail 16 (macOS Sonoma)', 'multipart/alternative: text/plain + multipart/mixed(text/html – image/png inline – text/html)', [
    icloud_trace('k.schmidt@example.net', 'marie.dubois@icloud.com', 'st43p00im-zteg10063501.me.com', '17.58.63.185', '4TwA2p8Kc3z5rYd',
                 'Thu, 14 Mar 2024 09:47:33 +0100 (CET)', 'smtpclient.apple', 'Thu, 14 Mar 2024 08:47:31 +0000 (UTC)'),
    f"""From: Marie Dubois <marie.dubois@icloud.com>
Content-Type: multipart/alternative;
\tboundary="{bo}"
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.500.171.1.1\\))
Subject: =?utf-8?Q?Ventes_f=C3=A9vrier?=
Date: Thu, 14 Mar 2024 09:47:28 +0100
Message-Id: <9A8B7C6D-5E4F-4A3B-8C2D-1E0F9A8B7C6D@icloud.com>
To: Klaus Schmidt <k.schmidt@example.net>
X-Mailer: Apple Mail (2.3774.500.171.1.1)


--{bo}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain;
\tcharset=utf-8

{qp(txt)}
--{bo}
Content-Type: multipart/mixed;
\tboundary="{bi}"


--{bi}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/html;
\tcharset=utf-8

{qp(html1)}
--{bi}
Content-Disposition: inline;
\tfilename="ventes-fevrier.png"
Content-Type: image/png;
\tx-unix-mode=0644;
\tname="ventes-fevrier.png"
Content-Transfer-Encoding: base64

{b64(chart)}
--{bi}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/html;
\tcharset=utf-8

{qp(html2)}
--{bi}--

--{bo}--
"""])

# 113 -- Apple: plain text format=flowed; delsp=yes
body = ("Hi Klaus,\n\nthanks for the quick turnaround on the contract. I read through the  \n"
        "whole thing on the train this morning and only have two small remarks,  \n"
        "both on page 4.\n\n"
        "> Please let me know if anything in section 7 is unclear or if you  \n"
        "> would like to schedule a call.\n\n"
        "Section 7 is fine. A call is not necessary from my side.\n\n"
        "Best,\nMarie\n")
add('113-apple-plain-flowed.eml', 'Apple Mail (macOS Monterey)', 'text/plain; charset=us-ascii; delsp=yes; format=flowed, 7bit, quoted reply', [
    icloud_trace('k.schmidt@example.net', 'marie.dubois@icloud.com', 'st43p00im-ztfb10061701.me.com', '17.58.63.179', '4TwF5v1Gm8z2qTs',
                 'Thu, 14 Mar 2024 12:03:51 +0100 (CET)', 'smtpclient.apple', 'Thu, 14 Mar 2024 11:03:49 +0000 (UTC)'),
    f"""Content-Type: text/plain;
\tcharset=us-ascii;
\tdelsp=yes;
\tformat=flowed
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3696.120.41.1.1\\))
Subject: Re: Contract draft v2
From: Marie Dubois <marie.dubois@icloud.com>
In-Reply-To: <a4c1e7f2-5b8d-4e09-9c36-2f1d0e8b7a65@example.net>
Date: Thu, 14 Mar 2024 12:03:45 +0100
Content-Transfer-Encoding: 7bit
Message-Id: <F1E2D3C4-B5A6-4978-8695-A4B3C2D1E0F9@icloud.com>
References: <a4c1e7f2-5b8d-4e09-9c36-2f1d0e8b7a65@example.net>
To: Klaus Schmidt <k.schmidt@example.net>
X-Mailer: Apple Mail (2.3696.120.41.1.1)

""", body])

# 114 -- Apple: text / pdf attachment / text, utf-8 QP
b = 'Apple-Mail=_D3B1F0E2-8A7C-4D56-9B1E-3C2A0F9E8D71'
att = pdf(['Protokoll Baubesprechung 12.03.2024', 'Teilnehmer: Dubois, Schmidt, Wagner', 'TOP 1: Rampe Nord'], title='Protokoll', producer='macOS Version 14.3.1 (Build 23D60) Quartz PDFContext')
add('114-apple-text-pdf-text.eml', 'Apple Mail 16 (macOS Sonoma)', 'multipart/mixed: text/plain (QP utf-8) – application/pdf attachment – text/plain', [
    icloud_trace('k.schmidt@example.net', 'marie.dubois@icloud.com', 'st43p00im-zteg10071901.me.com', '17.58.63.188', '4TwK0b4Dq1z3fVm',
                 'Thu, 14 Mar 2024 16:30:12 +0100 (CET)', 'smtpclient.apple', 'Thu, 14 Mar 2024 15:30:10 +0000 (UTC)'),
    f"""From: Marie Dubois <marie.dubois@icloud.com>
Content-Type: multipart/mixed;
\tboundary="{b}"
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.400.31\\))
Subject: Protokoll Baubesprechung
Date: Thu, 14 Mar 2024 16:30:04 +0100
Message-Id: <0B1C2D3E-4F5A-4B6C-9D7E-8F9A0B1C2D3E@icloud.com>
To: Klaus Schmidt <k.schmidt@example.net>,
 "Wagner, Tom" <Tom.Wagner@contoso.com>
X-Mailer: Apple Mail (2.3774.400.31)


--{b}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain;
\tcharset=utf-8

{qp('Hallo zusammen,' + chr(10) + chr(10) + 'anbei das Protokoll von gestern. Änderungen bitte bis Freitag.' + chr(10) + chr(10))}
--{b}
Content-Disposition: attachment;
\tfilename=Protokoll_2024-03-12.pdf
Content-Type: application/pdf;
\tx-unix-mode=0644;
\tname="Protokoll_2024-03-12.pdf"
Content-Transfer-Encoding: base64

{b64(att)}
--{b}
Content-Transfer-Encoding: 7bit
Content-Type: text/plain;
\tcharset=us-ascii



Marie
--{b}--
"""])

# 115 -- Apple: text / jpeg / text / jpeg / text
b = 'Apple-Mail=_6F5E4D3C-2B1A-4098-A7B6-C5D4E3F2A1B0'
p1 = jpeg(1151, 1100, w=800, h=600)
p2 = jpeg(1152, 1300, w=800, h=600)
add('115-apple-text-two-images.eml', 'Apple Mail 13 (macOS Catalina)', 'multipart/mixed: text – image/jpeg – text – image/jpeg – text, QP utf-8 text', [
    icloud_trace('k.schmidt@example.net', 'p.lindqvist@me.com', 'st43p00im-ztbu10073401.me.com', '17.58.63.177', '4TwQ7e9Ns5z6hJc',
                 'Fri, 15 Mar 2024 08:12:40 +0100 (CET)', 'smtpclient.apple', 'Fri, 15 Mar 2024 07:12:38 +0000 (UTC)'),
    f"""From: =?utf-8?Q?P=C3=A4r_Lindqvist?= <p.lindqvist@me.com>
Content-Type: multipart/mixed;
\tboundary="{b}"
Mime-Version: 1.0 (Mac OS X Mail 13.4 \\(3608.120.23.2.7\\))
Subject: =?utf-8?Q?F=C3=B6re_och_efter?=
Date: Fri, 15 Mar 2024 08:12:31 +0100
Message-Id: <7A6B5C4D-3E2F-4109-8A7B-6C5D4E3F2A1B@me.com>
To: Klaus Schmidt <k.schmidt@example.net>
X-Mailer: Apple Mail (2.3608.120.23.2.7)


--{b}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain;
\tcharset=utf-8

{qp('Hej Klaus,' + chr(10) + chr(10) + 'så här såg det ut före:' + chr(10))}
--{b}
Content-Disposition: inline;
\tfilename=fore.jpg
Content-Type: image/jpeg;
\tx-unix-mode=0666;
\tname="fore.jpg"
Content-Transfer-Encoding: base64

{b64(p1)}
--{b}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain;
\tcharset=utf-8

{qp(chr(10) + chr(10) + 'och efter:' + chr(10))}
--{b}
Content-Disposition: inline;
\tfilename=efter.jpg
Content-Type: image/jpeg;
\tx-unix-mode=0666;
\tname="efter.jpg"
Content-Transfer-Encoding: base64

{b64(p2)}
--{b}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain;
\tcharset=utf-8

{qp(chr(10) + chr(10) + 'Hälsningar' + chr(10) + 'Pär')}
--{b}--
"""])


# ---------------------------------------------------------------------------
# Thunderbird
# ---------------------------------------------------------------------------

def armor(kind, data, extra=''):
    crc = base64.b64encode(zlib.crc32(data).to_bytes(4, 'big')[1:]).decode()
    return f"-----BEGIN PGP {kind}-----\n{extra}\n{b64(data)}={crc}\n-----END PGP {kind}-----\n"


# 116 -- Thunderbird text/plain format=flowed, 8bit UTF-8
body = ("Hallo Klaus,\n\n"
        "Am 14.03.24 um 17:55 schrieb Klaus Schmidt:\n"
        "> kannst du mir bis Montag sagen, ob die neue Firewall-Regel für das \n"
        "> VPN-Subnetz schon aktiv ist? Die Kollegen in Linz bekommen noch \n"
        "> Timeouts.\n\n"
        "Die Regel ist seit heute Mittag aktiv. Ich habe außerdem die MTU auf dem \n"
        "Tunnel auf 1400 reduziert, weil wir Fragmentierung gesehen haben. Bitte \n"
        "gib Bescheid, wenn es in Linz weiterhin Probleme gibt – dann schaue ich \n"
        "mir die Paketmitschnitte an.\n\n"
        "Schöne Grüße\n"
        "Jürgen\n\n"
        "-- \n"
        "Jürgen Pichler · Netzwerkbetrieb\n"
        "Example Networks GmbH · Linzer Straße 8 · 4020 Linz\n")
add('116-thunderbird-plain-flowed.eml', 'Thunderbird 115', 'text/plain; charset=UTF-8; format=flowed, 8bit, quoted reply + signature', [
    lmtp('k.schmidt@example.net', 'j.pichler@example-networks.at', 'mail.example-networks.at', 'mail.example-networks.at', '203.0.113.45', '4Twd0k7Pt2z4mXq', 'cE9hK4mC9WWGSQAAmK3LBw', 'Fri, 15 Mar 2024 13:20:55 +0100'),
    """Received: from [10.2.0.17] (unknown [203.0.113.200])
	(Authenticated sender: j.pichler)
	by mail.example-networks.at (Postfix) with ESMTPSA id 4Twd0j3QzWz1xyz
	for <k.schmidt@example.net>; Fri, 15 Mar 2024 13:20:53 +0100 (CET)
Message-ID: <7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a09@example-networks.at>
Date: Fri, 15 Mar 2024 13:20:52 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Subject: Re: Firewall-Regel VPN Linz
Content-Language: de-AT
To: Klaus Schmidt <k.schmidt@example.net>
References: <c1b2a3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d@example.net>
From: =?UTF-8?Q?J=C3=BCrgen_Pichler?= <j.pichler@example-networks.at>
In-Reply-To: <c1b2a3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d@example.net>
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

""", body], eightbit=True)

# 117 -- Thunderbird multipart/mixed with zip attachment
b = '------------0FQ2bH8oM1EKfNCTqmv3x3Yb'
logs = zipbytes([('vpn-gw01/charon.log', '\n'.join('Mar 15 0%d:%02d:11 vpn-gw01 charon: 12[IKE] <linz|%d> sending DPD request' % (h, m, m) for h in range(3) for m in range(0, 60, 7))),
                 ('vpn-gw01/ipsec-status.txt', 'Security Associations (1 up, 0 connecting):\n linz[42]: ESTABLISHED 3 hours ago\n')])
add('117-thunderbird-mixed-zip.eml', 'Thunderbird 115', 'multipart/mixed (preamble) : text/plain format=flowed + application/zip attachment', [
    lmtp('k.schmidt@example.net', 'j.pichler@example-networks.at', 'mail.example-networks.at', 'mail.example-networks.at', '203.0.113.45', '4TwgS31Lm5z9pQa', 'UC3zL8mC9WXBKAAAmK3LBw', 'Fri, 15 Mar 2024 15:02:17 +0100'),
    f"""Received: from [10.2.0.17] (unknown [203.0.113.200])
	(Authenticated sender: j.pichler)
	by mail.example-networks.at (Postfix) with ESMTPSA id 4TwgS20m7Xz1abc
	for <k.schmidt@example.net>; Fri, 15 Mar 2024 15:02:15 +0100 (CET)
Content-Type: multipart/mixed; boundary="{b}"
Message-ID: <e8a1f3c2-64b7-4d59-a0e3-9b8c7d6e5f41@example-networks.at>
Date: Fri, 15 Mar 2024 15:02:14 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: de-AT
To: Klaus Schmidt <k.schmidt@example.net>
From: =?UTF-8?Q?J=C3=BCrgen_Pichler?= <j.pichler@example-networks.at>
Subject: Logs vom VPN-Gateway

This is a multi-part message in MIME format.
--{b}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 7bit

Hi Klaus,

anbei die Logs vom Gateway fuer heute Nacht.

Servus
Juergen

--{b}
Content-Type: application/zip; name="vpn-gw01-logs.zip"
Content-Disposition: attachment; filename="vpn-gw01-logs.zip"
Content-Transfer-Encoding: base64

{b64(logs)}
--{b}--
"""])

# 118 -- Thunderbird PGP/MIME signed (protected headers, key attached)
bs = '------------Xq3lQ0dZpY8Ew2JbLm7aN4cR'
bm = '------------aB7yT2kL9pQ4wE6rN1mZ3xC8'
sig = armor('SIGNATURE', b'\xc2\xc1\x79\x04\x00\x01\x08\x00\x23\x16\x21\x04' + randb(118, 395))
key = armor('PUBLIC KEY BLOCK', b'\xc6\x33\x04\x65\xe1\x0f\x2a\x16\x09\x2b\x06\x01\x04\x01\xda\x47\x0f\x01\x01\x07\x40' + randb(1181, 560))
add('118-thunderbird-pgp-signed.eml', 'Thunderbird 115 (built-in OpenPGP)', 'multipart/signed; protocol="application/pgp-signature"; micalg=pgp-sha256: multipart/mixed(protected headers; text/plain + application/pgp-keys) + application/pgp-signature', [
    pfx('security@example.net', 'h.jansen@example.nl', 'smtp.example.nl', 'smtp.example.nl', '198.51.100.77', '4TwmB5c8Fvz5sNt', 'Fri, 15 Mar 2024 17:45:02 +0100 (CET)'),
    f"""Message-ID: <5b9e0c7d-2a1f-4e83-b6c4-d7e8f9a0b1c2@example.nl>
Date: Fri, 15 Mar 2024 17:44:58 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: nl
To: security@example.net
From: Henk Jansen <h.jansen@example.nl>
Subject: Kwetsbaarheid in klantportaal gemeld
X-Enigmail-Draft-Status: N11100
Autocrypt: addr=h.jansen@example.nl; keydata=
 xjMEZeEPKhYJKwYBBAHaRw8BAQdAj2fQ0eXc7uK5mN3pL8vR1tY6wZ2aB4cD9eF0gH1iJ2vN
 Ikhlbmsgamz5c2VuIDxoLmphbnNlbkBleGFtcGxlLm5sPsKPBBMWCAA3FiEEOhssPU5fYHGC
 k6S1xtfo+QobLD0FAmXhDyoFCQWjmoACGwMECwkIBwUVCAkKCwUWAgMBAAAKCRDG1+j5Chss
 PZq7AP9Vr0sEJxP3mK2n8Lw1yTz5Qd7hB0cF6gN4iA9jU2kRbQEAxH5p0mZ3vT8sL1nQ6wK4
 zjgEZeEPKhIKKwYBBAGXVQEFAQEHQGh7pR2kW9sT3mX5vN1qL8zY0cB4dE6fA2gH7iJ9kL0m
 AwEIB8J4BBgWCAAgFiEEOhssPU5fYHGCk6S1xtfo+QobLD0FAmXhDyoCGwwACgkQxtfo+Qob
 LD2m5QD/ZkR4wT8pL2nQ6vH9sJ3xY1cB5dE7fA0gI8iK2lM4nOoBAN1q0T7rY3wS9uZ6xV8
 bN2mL4kJ5hG7fE1dC3aB0sQP
Content-Type: multipart/signed; micalg=pgp-sha256;
 protocol="application/pgp-signature";
 boundary="{bs}"

This is an OpenPGP/MIME signed message (RFC 4880 and 3156)
--{bs}
Content-Type: multipart/mixed; boundary="{bm}";
 protected-headers="v1"
Message-ID: <5b9e0c7d-2a1f-4e83-b6c4-d7e8f9a0b1c2@example.nl>
Date: Fri, 15 Mar 2024 17:44:58 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: nl
To: security@example.net
From: Henk Jansen <h.jansen@example.nl>
Subject: Kwetsbaarheid in klantportaal gemeld

--{bm}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: quoted-printable

{qp('Beste security-team,' + chr(10) + chr(10) + 'Bij het testen van het klantportaal ben ik op een reflected XSS gestuit in de zoekfunctie (parameter "q"). Details deel ik graag via een versleuteld kanaal; mijn publieke sleutel zit als bijlage bij dit bericht.' + chr(10) + chr(10) + 'Met vriendelijke groet,' + chr(10) + 'Henk Jansen' + chr(10))}
--{bm}
Content-Type: application/pgp-keys; name="OpenPGP_0xC6D7E8F90A1B2C3D.asc"
Content-Disposition: attachment; filename="OpenPGP_0xC6D7E8F90A1B2C3D.asc"
Content-Description: OpenPGP public key
Content-Transfer-Encoding: quoted-printable

{qp(key)}
--{bm}--

--{bs}
Content-Type: application/pgp-signature; name="OpenPGP_signature.asc"
Content-Description: OpenPGP digital signature
Content-Disposition: attachment; filename="OpenPGP_signature.asc"

{sig}
--{bs}--
"""])

# 119 -- Thunderbird S/MIME signed, alternative inside
bs = '------------ms040509010002030607080900'
ba = '------------Lk0pW3nB7vR2cX9zT4mQ1sYe'
p7s = pkcs7(None, 119)
txt = """Dear Klaus,

as agreed, I confirm the order of 12 units of the WX-400 controller at the
price quoted in offer O-2024-211.

Kind regards,
Dr. Ingrid Solberg
"""
html = """<!DOCTYPE html>
<html>
  <head>
    <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
  </head>
  <body>
    <p>Dear Klaus,</p>
    <p>as agreed, I confirm the order of <b>12 units</b> of the WX-400 controller at the price quoted in offer O-2024-211.</p>
    <p>Kind regards,<br>
      Dr. Ingrid Solberg</p>
  </body>
</html>
"""
add('119-thunderbird-smime-signed.eml', 'Thunderbird 115 (S/MIME)', 'multipart/signed; protocol="application/pkcs7-signature": multipart/alternative + smime.p7s', [
    pfx('k.schmidt@example.net', 'ingrid.solberg@example.no', 'mx.example.no', 'mx.example.no', '192.0.2.140', '4Twq8g3Hdnz7pLr', 'Sat, 16 Mar 2024 09:10:44 +0100 (CET)'),
    f"""Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="{bs}"
Message-ID: <2f4e6a8c-0b1d-4f3e-a5c7-e9f0a1b2c3d4@example.no>
Date: Sat, 16 Mar 2024 09:10:40 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: en-US
To: Klaus Schmidt <k.schmidt@example.net>
From: "Dr. Ingrid Solberg" <ingrid.solberg@example.no>
Subject: Order confirmation WX-400

This is a cryptographically signed message in MIME format.

--{bs}
Content-Type: multipart/alternative;
 boundary="{ba}"

--{ba}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 7bit

{txt}
--{ba}
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: 7bit

{html}
--{ba}--

--{bs}
Content-Type: application/pkcs7-signature; name="smime.p7s"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="smime.p7s"
Content-Description: S/MIME Cryptographic Signature

{b64(p7s)}
--{bs}--

"""])

# 120 -- opaque S/MIME signed-data (application/pkcs7-mime)
inner = ("Content-Type: text/plain; charset=UTF-8; format=flowed\r\n"
         "Content-Transfer-Encoding: 7bit\r\n\r\n"
         "Hello Klaus,\r\n\r\nthe signed delivery note for shipment 88213 is confirmed.\r\n\r\nIngrid\r\n").encode('ascii')
p7m = pkcs7(inner, 120)
add('120-thunderbird-smime-opaque.eml', 'Thunderbird 115 (S/MIME, opaque signing)', 'application/pkcs7-mime; smime-type=signed-data; name=smime.p7m (opaque signed, single part)', [
    pfx('k.schmidt@example.net', 'ingrid.solberg@example.no', 'mx.example.no', 'mx.example.no', '192.0.2.140', '4TwqK02Vbfz7pMs', 'Sat, 16 Mar 2024 09:31:05 +0100 (CET)'),
    f"""Message-ID: <8c0e2a4f-6b7d-4e1f-9a3c-5d7e9f1a2b3c@example.no>
Date: Sat, 16 Mar 2024 09:31:01 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: en-US
To: Klaus Schmidt <k.schmidt@example.net>
From: "Dr. Ingrid Solberg" <ingrid.solberg@example.no>
Subject: Delivery note 88213 (signed)
Content-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename=smime.p7m
Content-Description: S/MIME Cryptographic Signed Data

{b64(p7m)}"""])


# ---------------------------------------------------------------------------
# mutt, Eudora, Lotus Notes, Android Gmail app, iPhone
# ---------------------------------------------------------------------------

# 121 -- mutt, bare LF (maildir delivery)
b = 'xHFwDpU9dbj6ez1V'
patch = """From 3e1f0a9b7c5d2e4f6a8b0c1d2e3f4a5b6c7d8e9f Mon Sep 17 00:00:00 2001
From: Peter Hansen <peter@hansen.example.org>
Date: Sun, 17 Mar 2024 21:04:12 +0100
Subject: [PATCH] header: fix off-by-one when folding long lines

---
 src/header.c | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/src/header.c b/src/header.c
index 4b8e1f2..9c0d3a7 100644
--- a/src/header.c
+++ b/src/header.c
@@ -211,7 +211,7 @@ static size_t fold_line(char *buf, size_t len)
 {
 	size_t col = 0;
 
-	while (col <= MAX_LINE) {
+	while (col < MAX_LINE) {
 		if (buf[col] == ' ' || buf[col] == '\\t')
 			last_ws = col;
 		col++;
-- 
2.44.0
"""
add('121-mutt-patch-attachment-lf.eml', 'mutt 2.2 (local Postfix -> Dovecot, bare LF)', 'multipart/mixed: text/plain inline + text/x-diff attachment, Content-Disposition on top level; BARE LF line endings', [
    """Return-Path: <peter@hansen.example.org>
Delivered-To: dev@example.net
Received: from mx1.example.net
	by imap2.example.net with LMTP
	id 0HcWG8pQ92WfRQAAmK3LBw
	(envelope-from <peter@hansen.example.org>)
	for <dev@example.net>; Sun, 17 Mar 2024 21:06:02 +0100
Received: from hansen.example.org (hansen.example.org [198.51.100.9])
	by mx1.example.net (Postfix) with ESMTPS id 4TxPq23DbNz3kHw
	for <dev@example.net>; Sun, 17 Mar 2024 21:06:01 +0100 (CET)
Received: by hansen.example.org (Postfix, from userid 1000)
	id 8A3F11E0412; Sun, 17 Mar 2024 21:05:58 +0100 (CET)
Date: Sun, 17 Mar 2024 21:05:58 +0100
From: Peter Hansen <peter@hansen.example.org>
To: dev@example.net
Subject: [PATCH] header: fix off-by-one when folding long lines
Message-ID: <ZfdOhs3kQm8pR2aY@hansen.example.org>
Mail-Followup-To: dev@example.net
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=\"""" + b + """\"
Content-Disposition: inline
User-Agent: Mutt/2.2.12 (2023-09-09)


--""" + b + """
Content-Type: text/plain; charset=us-ascii
Content-Disposition: inline

Hi,

the folding code could write one byte past MAX_LINE. Patch attached,
tested with the corpus in tests/fold/.

Cheers,
Peter

-- 
Peter Hansen  <peter@hansen.example.org>
GPG: 4E1F 0A9B 7C5D 2E4F 6A8B  0C1D 2E3F 4A5B 6C7D 8E9F

--""" + b + """
Content-Type: text/x-diff; charset=us-ascii
Content-Disposition: attachment;
	filename="0001-header-fix-off-by-one-when-folding-long-lines.patch"

""" + patch + """
--""" + b + """--
"""], lf=True)

# 122 -- Eudora
b = '=====================_1047316295==_'
doc = b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\x00' * 16 + b'\x3e\x00\x03\x00\xfe\xff\x09\x00\x06\x00' + randb(122, 1500)
add('122-eudora-mixed-doc.eml', 'Eudora 7.1 (Windows)', 'multipart/mixed: text/plain format=flowed + application/msword (.doc OLE header), Eudora boundary and Message-Id style', [
    pfx('k.schmidt@example.net', 'bob@kowalski-law.example.com', 'smtp.kowalski-law.example.com', 'smtp.kowalski-law.example.com', '203.0.113.18', '4TxY1m6Ccqz2wBn', 'Mon, 18 Mar 2024 20:02:19 +0100 (CET)', tls=False),
    f"""Received: from BOBSPC.kowalski-law.example.com (unknown [192.168.1.23])
	by smtp.kowalski-law.example.com (Postfix) with ESMTP id 6C2D1B40127
	for <k.schmidt@example.net>; Mon, 18 Mar 2024 14:02:14 -0500 (CDT)
Message-Id: <6.2.5.6.2.20240318135821.03b2e8a0@kowalski-law.example.com>
X-Mailer: QUALCOMM Windows Eudora Version 7.1.0.9
Date: Mon, 18 Mar 2024 14:02:11 -0500
To: Klaus Schmidt <k.schmidt@example.net>
From: Bob Kowalski <bob@kowalski-law.example.com>
Subject: Re: lease draft
In-Reply-To: <3b7d9f1e-2c4a-4e6b-8d0f-1a3c5e7f9b2d@example.net>
References: <3b7d9f1e-2c4a-4e6b-8d0f-1a3c5e7f9b2d@example.net>
Mime-Version: 1.0
Content-Type: multipart/mixed;
	boundary="{b}"

--{b}
Content-Type: text/plain; charset="us-ascii"; format=flowed

Klaus,

Attached is the lease draft with my changes in section 12 (early 
termination). The rest looks fine to me.

Bob

At 10:41 AM 3/18/2024, you wrote:
>Bob, could you review the attached lease draft before Thursday?
>
>Thanks, Klaus

--{b}
Content-Type: application/msword; name="lease_draft_v2_BK.doc"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="lease_draft_v2_BK.doc"

{b64(doc)}--{b}--

"""])

# 123 -- Lotus Notes: multipart/related with text/html only
b = '0__=4EBB0E4BDFE2D8A88f9e8a93df938690918c4EBB0E4BDFE2D8A8'
cid = '10__=4EBB0E4BDFE2D8A88f9e8a93df938@example-werke.de'
html = """<html><body>
<p><font size=2 face="sans-serif">Hallo Herr Schmidt,</font><br>
<br>
<font size=2 face="sans-serif">anbei die Produktionsplanung für KW 12. Bitte beachten Sie die Änderung bei Linie 2 (Wartung am Mittwoch).</font><br>
<br>
<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr valign="top"><td width="20%"><font size=1 face="sans-serif">Linie 1</font></td><td width="80%"><font size=1 face="sans-serif">Mo&#8211;Fr, 3 Schichten</font></td></tr>
<tr valign="top"><td width="20%"><font size=1 face="sans-serif">Linie 2</font></td><td width="80%"><font size=1 face="sans-serif">Mo, Di, Do, Fr</font></td></tr>
</table>
<br>
<font size=2 face="sans-serif">Mit freundlichen Grüßen / Best regards</font><br>
<br>
<font size=2 face="sans-serif"><b>Heinz Bauer</b><br>
Produktionsplanung<br>
Example Werke AG</font><br>
<br>
<img width=16 height=16 src="cid:""" + cid + """" border=0 alt="Inactive hide details for Klaus Schmidt ---15.03.2024 17:12:45---"><font size=2 color="#424282" face="sans-serif">Klaus Schmidt ---15.03.2024 17:12:45---Guten Tag Herr Bauer, wann können wir mit der Planung für KW 12 rechnen?</font>
</body></html>
"""
html = qp(html, 'iso-8859-1')
add('123-lotus-notes-related-html.eml', 'IBM Lotus Notes 9.0.1 / Domino', 'multipart/related: text/html only (Content-Disposition: inline, QP iso-8859-1) + image/gif inline by cid:', [
    pfx('k.schmidt@example.net', 'Heinz.Bauer@example-werke.de', 'mx01.example-werke.de', 'mx01.example-werke.de', '192.0.2.61', '4Ty0sR7Ffmz4vCp', 'Mon, 18 Mar 2024 12:40:26 +0100 (CET)'),
    f"""Received: from DEMUC01.example-werke.de ([10.1.4.20])
          by mx01.example-werke.de (Lotus Domino Release 9.0.1FP10 HF383)
          with ESMTP id 2024031812402353-112233 ;
          Mon, 18 Mar 2024 12:40:23 +0100 
Subject: Produktionsplanung KW 12
To: k.schmidt@example.net
Cc: Gerhard Vogel/DE/EXAMPLE@EXAMPLE
X-Mailer: Lotus Notes Release 8.5.3FP6 November 21, 2013
Message-ID: <OF3C2B1A09.8E7D6C5B-ONC1257C2A.003F1E2D-C1257C2A.00401234@example-werke.de>
From: Heinz Bauer <Heinz.Bauer@example-werke.de>
Date: Mon, 18 Mar 2024 12:40:22 +0100
X-MIMETrack: Serialize by Router on DEMUC01/SRV/EXAMPLE(Release 9.0.1FP10|January 22, 2018) at
 18.03.2024 12:40:23
MIME-Version: 1.0
Content-type: multipart/related; 
\tBoundary="{b}"

--{b}
Content-type: text/html; charset=ISO-8859-1
Content-Disposition: inline
Content-transfer-encoding: quoted-printable

{html}
--{b}
Content-type: image/gif; 
\tname="graycol.gif"
Content-Disposition: inline; filename="graycol.gif"
Content-ID: <{cid}>
Content-transfer-encoding: base64

{b64(GIF_1x1)}
--{b}--

"""])

# 124 -- Android Gmail app
b = '000000000000d4e5f60613c18a27'
txt = "Bin in 10 Minuten da, stehe noch im Stau auf der A9.\n\nTom\n"
html = '<div dir="auto">Bin in 10 Minuten da, stehe noch im Stau auf der A9.<div dir="auto"><br></div><div dir="auto">Tom</div></div>\n'
add('124-android-gmail-app.eml', 'Gmail app for Android', 'multipart/alternative: short text/plain (7bit, no CTE) + text/html <div dir="auto">', [
    pfx('k.schmidt@example.net', 'tom.wagner.privat@gmail.com', 'mail-ed1-f44.google.com', 'mail-ed1-f44.google.com', '209.85.208.44', '4Ty5hW0Tcrz1dKm', 'Tue, 19 Mar 2024 08:51:14 +0100 (CET)'),
    gmail_trace('k.schmidt@example.net', 'tom.wagner.privat@gmail.com', 'Tue, 19 Mar 2024 00:51:12 -0700 (PDT)', 'mail-ed1-f44.google.com',
                '209.85.208.44', '4fb4d7f45d1cf-568a53d2ce0so3315312a12.0', 'w11-20020aa7dccb000000b00568a53d2ce0mr5610345edu.29.1710834671602', 1710834672, 124),
    f"""MIME-Version: 1.0
From: Tom Wagner <tom.wagner.privat@gmail.com>
Date: Tue, 19 Mar 2024 08:51:00 +0100
Message-ID: <CAB7fK2x9Lq0Vn3+Tz5mR8wY1cH4sD6gJ0aP2eU7kQ9nB3tX5oW@mail.gmail.com>
Subject: Verspaetung
To: Klaus Schmidt <k.schmidt@example.net>
Content-Type: multipart/alternative; boundary="{b}"

--{b}
Content-Type: text/plain; charset="UTF-8"

{txt}
--{b}
Content-Type: text/html; charset="UTF-8"

{html}
--{b}--
"""])

# 125 -- iPhone: alternative(text/plain, mixed(html, jpg, html, heic, html))
bo = 'Apple-Mail-5E8A4C21-7B39-4F0D-9C1E-2A3B4C5D6E7F'
bi = 'Apple-Mail-0F1E2D3C-4B5A-4968-8776-A5B4C3D2E1F0'
jpg = jpeg(125, 2000, w=4032, h=3024, exif='Apple iPhone 14')
hei = heic(1251, 2600)
hbody = '<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body dir="auto">'
add('125-iphone-photos-jpg-heic.eml', 'iOS Mail 17 (iPhone)', 'multipart/alternative: text/plain + multipart/mixed(text/html, image/jpeg IMG_1234.JPG, text/html, image/heic IMG_1235.HEIC, text/html); unquoted boundary', [
    icloud_trace('k.schmidt@example.net', 'sarah.lee@icloud.com', 'st43p00im-ztfb10063301.me.com', '17.58.63.179', '4TyB3n8Rjgz6qPw',
                 'Tue, 19 Mar 2024 07:58:46 +0100 (CET)', 'smtpclient.apple', 'Tue, 19 Mar 2024 06:58:44 +0000 (UTC)'),
    f"""Content-Type: multipart/alternative; boundary={bo}
Content-Transfer-Encoding: 7bit
From: Sarah Lee <sarah.lee@icloud.com>
Mime-Version: 1.0 (1.0)
Subject: Damage on delivery
Date: Tue, 19 Mar 2024 07:58:41 +0100
Message-Id: <E2F1A0B9-C8D7-4E6F-A5B4-C3D2E1F0A9B8@icloud.com>
To: k.schmidt@example.net
X-Mailer: iPhone Mail (21D61)


--{bo}
Content-Type: text/plain;
\tcharset=utf-8
Content-Transfer-Encoding: quoted-printable

{qp('Hi Klaus,' + chr(10) + chr(10) + 'two pallets arrived damaged this morning, see photos.' + chr(10) + chr(10) + chr(10) + chr(10) + 'Sarah' + chr(10) + chr(10) + 'Sent from my iPhone')}
--{bo}
Content-Type: multipart/mixed;
\tboundary={bi}
Content-Transfer-Encoding: 7bit

--{bi}
Content-Type: text/html;
\tcharset=utf-8
Content-Transfer-Encoding: 7bit

{hbody}<div dir="ltr">Hi Klaus,</div><div dir="ltr"><br></div><div dir="ltr">two pallets arrived damaged this morning, see photos.</div><div dir="ltr"><br></div><div dir="ltr"></div></body></html>
--{bi}
Content-Type: image/jpeg;
\tname=IMG_1234.JPG;
\tx-apple-part-url=2A4C6E80-1B3D-4F5A-9C7E-0D2F4A6B8C1E
Content-Disposition: inline;
\tfilename=IMG_1234.JPG
Content-Transfer-Encoding: base64

{b64(jpg)}
--{bi}
Content-Type: text/html;
\tcharset=utf-8
Content-Transfer-Encoding: 7bit

{hbody}<div dir="ltr"></div></body></html>
--{bi}
Content-Type: image/heic;
\tname=IMG_1235.HEIC;
\tx-apple-part-url=9E8D7C6B-5A4F-4E3D-8C2B-1A0F9E8D7C6B
Content-Disposition: inline;
\tfilename=IMG_1235.HEIC
Content-Transfer-Encoding: base64

{b64(hei)}
--{bi}
Content-Type: text/html;
\tcharset=utf-8
Content-Transfer-Encoding: quoted-printable

{qp(hbody + '<div dir="ltr"><br></div><div dir="ltr">Sarah<br><br><div dir="ltr">Sent from my iPhone</div></div></body></html>')}
--{bi}--

--{bo}--
"""])

# 126 -- iPhone reply, alternative with blockquote type=cite
bo = 'Apple-Mail-B1C2D3E4-F5A6-4B7C-8D9E-0F1A2B3C4D5E'
txt = """Passt, danke dir! 👍

Von meinem iPhone gesendet

> Am 19.03.2024 um 17:02 schrieb Klaus Schmidt <k.schmidt@example.net>:
>=20
> Hi Sarah, die Ersatzlieferung geht morgen früh raus.
>=20
> Gruß Klaus
"""
html = """<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body dir="auto">Passt, danke dir! 👍<br><br><div dir="ltr">Von meinem iPhone gesendet</div><div dir="ltr"><br><blockquote type="cite">Am 19.03.2024 um 17:02 schrieb Klaus Schmidt &lt;k.schmidt@example.net&gt;:<br><br></blockquote></div><blockquote type="cite"><div dir="ltr"><div>Hi Sarah, die Ersatzlieferung geht morgen früh raus.</div><div><br></div><div>Gruß Klaus</div></div></blockquote></body></html>"""
add('126-iphone-reply-alt.eml', 'iOS Mail 17 (iPhone, German locale)', 'multipart/alternative: text/plain QP + text/html QP with blockquote type=cite, emoji, "Von meinem iPhone gesendet"', [
    icloud_trace('k.schmidt@example.net', 'sarah.lee@icloud.com', 'st43p00im-zteg10061801.me.com', '17.58.63.181', '4TyQw90Ghmz3sVb',
                 'Tue, 19 Mar 2024 17:09:33 +0100 (CET)', 'smtpclient.apple', 'Tue, 19 Mar 2024 16:09:31 +0000 (UTC)'),
    f"""Content-Type: multipart/alternative; boundary={bo}
Content-Transfer-Encoding: 7bit
From: Sarah Lee <sarah.lee@icloud.com>
Mime-Version: 1.0 (1.0)
Subject: Re: Ersatzlieferung
Date: Tue, 19 Mar 2024 17:09:28 +0100
Message-Id: <4D5E6F70-8192-4A3B-BC4D-5E6F708192A3@icloud.com>
References: <6e7f8091-a2b3-4c4d-9e5f-60718293a4b5@example.net>
In-Reply-To: <6e7f8091-a2b3-4c4d-9e5f-60718293a4b5@example.net>
To: Klaus Schmidt <k.schmidt@example.net>
X-Mailer: iPhone Mail (21D61)


--{bo}
Content-Type: text/plain;
\tcharset=utf-8
Content-Transfer-Encoding: quoted-printable

{qp(txt).replace('=3D20', '=20')}
--{bo}
Content-Type: text/html;
\tcharset=utf-8
Content-Transfer-Encoding: quoted-printable

{qp(html)}
--{bo}--
"""])


# ---------------------------------------------------------------------------
# Mailing lists
# ---------------------------------------------------------------------------

MM2_LIST = """X-BeenThere: users@lists.example.org
X-Mailman-Version: 2.1.39
Precedence: list
List-Id: Example users discussion <users.lists.example.org>
List-Unsubscribe: <https://lists.example.org/mailman/options/users>,
 <mailto:users-request@lists.example.org?subject=unsubscribe>
List-Archive: <https://lists.example.org/pipermail/users/>
List-Post: <mailto:users@lists.example.org>
List-Help: <mailto:users-request@lists.example.org?subject=help>
List-Subscribe: <https://lists.example.org/mailman/listinfo/users>,
 <mailto:users-request@lists.example.org?subject=subscribe>
"""
MM2_FOOTER = """_______________________________________________
users mailing list
users@lists.example.org
https://lists.example.org/mailman/listinfo/users
"""


def mm2_trace(date, qid, inner):
    return (pfx('k.schmidt@example.net', 'users-bounces+k.schmidt=example.net@lists.example.org', 'lists.example.org',
                'lists.example.org', '192.0.2.25', qid, date)
            + "Received: from lists.example.org (localhost [IPv6:::1])\n"
              f"\tby lists.example.org (Postfix) with ESMTP id {qid[:7]}A12;\n"
              f"\t{date}\n" + inner)


# 127 -- Mailman 2: original text/plain + footer part
b = '===============2870148390457293147=='
add('127-mailman-footer-part.eml', 'Mailman 2.1 (original from Thunderbird)', 'multipart/mixed: original text/plain + footer text/plain (Content-Disposition: inline, no filename); List-* headers', [
    mm2_trace('Wed, 20 Mar 2024 10:15:44 +0100 (CET)', '4TyzL41Wfrz2nDs',
              "Received: from smtp.example.fi (smtp.example.fi [198.51.100.141])\n"
              "\tby lists.example.org (Postfix) with ESMTPS id 4TyzL26KPqz2nDr\n"
              "\tfor <users@lists.example.org>; Wed, 20 Mar 2024 10:15:41 +0100 (CET)\n"),
    f"""Message-ID: <1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5e@example.fi>
Date: Wed, 20 Mar 2024 11:15:38 +0200
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
To: users@lists.example.org
From: Aino Virtanen <aino.virtanen@example.fi>
Subject: [example-users] TLS handshake fails after upgrade to 4.2
{MM2_LIST}Content-Type: multipart/mixed; boundary="{b}"
Errors-To: users-bounces+k.schmidt=example.net@lists.example.org
Sender: "users" <users-bounces+k.schmidt=example.net@lists.example.org>

--{b}
Content-Type: text/plain; charset="us-ascii"; Format="flowed"
MIME-Version: 1.0
Content-Transfer-Encoding: 7bit
Content-Disposition: inline

Hi list,

after upgrading from 4.1.7 to 4.2.0 our clients fail with
"SSL routines::unsupported protocol". Did the default minimum TLS
version change? I could not find anything in the release notes.

Thanks,
Aino

--{b}
Content-Type: text/plain; charset="us-ascii"
MIME-Version: 1.0
Content-Transfer-Encoding: 7bit
Content-Disposition: inline

{MM2_FOOTER}
--{b}--

"""])

# 128 -- Mailman 2: original multipart/alternative wrapped in mixed + footer
b = '===============6311427008719853294=='
ba = '------------Fq2WzR8kT5mN0pL3vX7bC1dY'
add('128-mailman-wrapped-alternative.eml', 'Mailman 2.1 (original from Thunderbird HTML)', 'multipart/mixed: original multipart/alternative + footer text/plain (inline)', [
    mm2_trace('Wed, 20 Mar 2024 12:31:09 +0100 (CET)', '4Tz2N86Lhwz2nFt',
              "Received: from mail.example.cz (mail.example.cz [203.0.113.91])\n"
              "\tby lists.example.org (Postfix) with ESMTPS id 4Tz2N65Bg3z2nFs\n"
              "\tfor <users@lists.example.org>; Wed, 20 Mar 2024 12:31:06 +0100 (CET)\n"),
    f"""Message-ID: <9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a@example.cz>
Date: Wed, 20 Mar 2024 12:31:02 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Subject: Re: [example-users] TLS handshake fails after upgrade to 4.2
To: users@lists.example.org
References: <1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5e@example.fi>
From: Tomas Novak <tomas.novak@example.cz>
In-Reply-To: <1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5e@example.fi>
{MM2_LIST}Content-Type: multipart/mixed; boundary="{b}"
Errors-To: users-bounces+k.schmidt=example.net@lists.example.org
Sender: "users" <users-bounces+k.schmidt=example.net@lists.example.org>

--{b}
Content-Type: multipart/alternative;
 boundary="{ba}"

--{ba}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 7bit

Yes, 4.2 sets MinProtocol = TLSv1.2 by default. Add

     tls_min_version = 1.0

to the [server] section if you really need the old clients.

Tomas

--{ba}
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: 7bit

<!DOCTYPE html>
<html>
  <head>
    <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
  </head>
  <body>
    <p>Yes, 4.2 sets MinProtocol = TLSv1.2 by default. Add</p>
    <pre>tls_min_version = 1.0</pre>
    <p>to the [server] section if you really need the old clients.</p>
    <p>Tomas</p>
  </body>
</html>

--{ba}--

--{b}
Content-Type: text/plain; charset="us-ascii"
MIME-Version: 1.0
Content-Transfer-Encoding: 7bit
Content-Disposition: inline

{MM2_FOOTER}
--{b}--

"""])

# 129 -- Google Groups (footer injected into both alternatives)
b = '00000000000062b9a80614100c5e'
gg_txt = """Has anyone managed to run the exporter behind an nginx reverse proxy with
a sub-path? The metrics endpoint returns 404 for me.

Cheers,
Rahul

-- 
You received this message because you are subscribed to the Google Groups "metrics-exporter-users" group.
To unsubscribe from this group and stop receiving emails from it, send an email to metrics-exporter-users+unsubscribe@googlegroups.com.
To view this discussion on the web visit https://groups.google.com/d/msgid/metrics-exporter-users/CAK4pQ9v2Lm0Tz7%2BRw8xY1bN3dH5sF6gJ9aE2cQ0uK7nP3tV1oA%40mail.gmail.com.
"""
gg_html = """<div dir="ltr">Has anyone managed to run the exporter behind an nginx reverse proxy with a sub-path? The metrics endpoint returns 404 for me.<div><br></div><div>Cheers,</div><div>Rahul</div></div>

<p></p>

-- <br />
You received this message because you are subscribed to the Google Groups &quot;metrics-exporter-users&quot; group.<br />
To unsubscribe from this group and stop receiving emails from it, send an email to <a href="mailto:metrics-exporter-users+unsubscribe@googlegroups.com">metrics-exporter-users+unsubscribe@googlegroups.com</a>.<br />
To view this discussion on the web visit <a href="https://groups.google.com/d/msgid/metrics-exporter-users/CAK4pQ9v2Lm0Tz7%2BRw8xY1bN3dH5sF6gJ9aE2cQ0uK7nP3tV1oA%40mail.gmail.com?utm_medium=email&utm_source=footer">https://groups.google.com/d/msgid/metrics-exporter-users/CAK4pQ9v2Lm0Tz7%2BRw8xY1bN3dH5sF6gJ9aE2cQ0uK7nP3tV1oA%40mail.gmail.com</a>.<br />
"""
add('129-google-groups.eml', 'Google Groups', 'multipart/alternative with group footer appended inside both parts; Mailing-list/List-ID/X-Original-* headers', [
    pfx('k.schmidt@example.net', 'metrics-exporter-users+bncBDL3RZ7X4EJRBQ5S6CXQMGQEJYF7D2A@googlegroups.com', 'mail-oo1-f61.google.com', 'mail-oo1-f61.google.com', '209.85.161.61', '4Tz7Xb3Nsjz1pWr', 'Wed, 20 Mar 2024 16:48:21 +0100 (CET)'),
    f"""Received: by mail-oo1-f61.google.com with SMTP id 006d021491bc7-5a4a2d99598sf1412931eaf.1
        for <k.schmidt@example.net>; Wed, 20 Mar 2024 08:48:19 -0700 (PDT)
ARC-Seal: i=2; a=rsa-sha256; t=1710949699; cv=pass;
        d=google.com; s=arc-20160816;
        b=Tq1pL8vR3mX5nZ2wY7bC0dF4hJ6kN9sA1eG3iK5lM7oP9rT1uV3wX5yZ7aB9cD1eF3g
         H5jK7lM9nP1qR3sT5uV7wX9yZ1aB3cD5eF7gH9jK1lM3nP5qR7sT9uV1wX3yZ5aB7c==
X-BeenThere: metrics-exporter-users@googlegroups.com
Received: by 2002:a05:6820:1f0b:b0:5a4:6cf5:7e12 with SMTP id bk11-20020a0568201f0b00b005a46cf57e12ls1201378oob.2.-pod-prod-08-us;
 Wed, 20 Mar 2024 08:48:18 -0700 (PDT)
MIME-Version: 1.0
From: Rahul Iyer <rahul.iyer.dev@gmail.com>
Date: Wed, 20 Mar 2024 21:18:02 +0530
Message-ID: <CAK4pQ9v2Lm0Tz7+Rw8xY1bN3dH5sF6gJ9aE2cQ0uK7nP3tV1oA@mail.gmail.com>
Subject: [metrics-exporter-users] Exporter behind nginx sub-path returns 404
To: metrics-exporter-users@googlegroups.com
X-Original-Sender: rahul.iyer.dev@gmail.com
X-Original-Authentication-Results: gmr-mx.google.com;       dkim=pass
 header.i=@gmail.com header.s=20230601 header.b=Lk8pQ2vR;       spf=pass
 (google.com: domain of rahul.iyer.dev@gmail.com designates 2a00:1450:4864:20::52f
 as permitted sender) smtp.mailfrom=rahul.iyer.dev@gmail.com;       dmarc=pass
 (p=NONE sp=QUARANTINE dis=NONE) header.from=gmail.com
Reply-To: metrics-exporter-users@googlegroups.com
Precedence: list
Mailing-list: list metrics-exporter-users@googlegroups.com; contact metrics-exporter-users+owners@googlegroups.com
List-ID: <metrics-exporter-users.googlegroups.com>
X-Spam-Checked-In-Group: metrics-exporter-users@googlegroups.com
X-Google-Group-Id: 802214477531
List-Post: <https://groups.google.com/group/metrics-exporter-users/post>, <mailto:metrics-exporter-users@googlegroups.com>
List-Help: <https://groups.google.com/support/>, <mailto:metrics-exporter-users+help@googlegroups.com>
List-Archive: <https://groups.google.com/group/metrics-exporter-users
List-Subscribe: <https://groups.google.com/group/metrics-exporter-users/subscribe>, <mailto:metrics-exporter-users+subscribe@googlegroups.com>
List-Unsubscribe: <mailto:googlegroups-manage+802214477531+unsubscribe@googlegroups.com>,
 <https://groups.google.com/group/metrics-exporter-users/subscribe>
Content-Type: multipart/alternative; boundary="{b}"

--{b}
Content-Type: text/plain; charset="UTF-8"

{gg_txt}
--{b}
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(gg_html)}
--{b}--
"""])

# 130 -- multipart/digest; parts without Content-Type (default message/rfc822)
b = '---- next message ----'
add('130-list-digest-multipart-digest.eml', 'list digester (RFC 2046 §5.1.5 style, e.g. ezmlm/LISTSERV)', 'top-level multipart/digest with three parts WITHOUT part headers (default message/rfc822), each a complete small message', [
    pfx('k.schmidt@example.net', 'hobby-radio-return-1187-k.schmidt=example.net@lists.example.com', 'lists.example.com', 'lists.example.com', '198.51.100.200', '4Tzd0f2Jkqz5wLm', 'Thu, 21 Mar 2024 06:00:14 +0100 (CET)'),
    f"""Received: (qmail 21544 invoked by uid 89); 21 Mar 2024 05:00:11 -0000
Mailing-List: contact hobby-radio-help@lists.example.com; run by ezmlm
Precedence: bulk
List-Id: <hobby-radio.lists.example.com>
List-Post: <mailto:hobby-radio@lists.example.com>
List-Help: <mailto:hobby-radio-help@lists.example.com>
List-Unsubscribe: <mailto:hobby-radio-unsubscribe@lists.example.com>
List-Subscribe: <mailto:hobby-radio-subscribe@lists.example.com>
Date: 21 Mar 2024 05:00:11 -0000
Message-ID: <1711000811.21544.ezmlm@lists.example.com>
From: hobby-radio-help@lists.example.com
To: hobby-radio@lists.example.com
Subject: hobby-radio Digest 21 Mar 2024 05:00:11 -0000 Issue 1187
MIME-Version: 1.0
Content-Type: multipart/digest; boundary="{b}"

hobby-radio Digest 21 Mar 2024 05:00:11 -0000 Issue 1187

Topics (messages 8812 through 8814):

  1. Antenna tuner recommendations (Harald Lund)
  2. Re: Antenna tuner recommendations (Yuki Tanaka)
  3. Field day 2024 date (Ray Osei)

--{b}

Return-Path: <harald.lund@example.se>
Date: Wed, 20 Mar 2024 18:11:42 +0100
From: Harald Lund <harald.lund@example.se>
To: hobby-radio@lists.example.com
Subject: Antenna tuner recommendations
Message-ID: <20240320171142.GA4411@lund.example.se>

Looking for an automatic tuner for 160-10 m that handles at least
200 W. Any recommendations?

73 de Harald

--{b}

Return-Path: <yuki@example.jp>
Date: Thu, 21 Mar 2024 03:05:10 +0900
From: Yuki Tanaka <yuki@example.jp>
To: hobby-radio@lists.example.com
Subject: Re: Antenna tuner recommendations
Message-ID: <87wmq3x2k1.fsf@example.jp>
In-Reply-To: <20240320171142.GA4411@lund.example.se>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

I have been happy with my remote tuner at the feed point for years.
Much better than tuning in the shack.

--{b}

Return-Path: <ray.osei@example.org>
Date: Wed, 20 Mar 2024 22:40:00 +0000
From: Ray Osei <ray.osei@example.org>
To: hobby-radio@lists.example.com
Subject: Field day 2024 date
Message-ID: <Zftm4Ab8Q2dE9k1L@osei.example.org>

Field day is confirmed for 22-23 June. Same site as last year.

Ray

--{b}--

"""])

# 131 -- Mailman 2 MIME digest: mixed(text, text, digest(message/rfc822 x3), footer)
bo = '===============4416072245915378651=='
bd = '===============1905372651488327245=='
add('131-mailman-mime-digest.eml', 'Mailman 2.1 MIME digest', 'multipart/mixed: masthead text/plain + TOC text/plain + multipart/digest with explicit message/rfc822 parts + footer', [
    mm2_trace('Thu, 21 Mar 2024 12:00:05 +0100 (CET)', '4TznB73Ypvz2nKw', ''),
    f"""Subject: users Digest, Vol 42, Issue 7
From: users-request@lists.example.org
To: users@lists.example.org
Reply-To: users@lists.example.org
Date: Thu, 21 Mar 2024 12:00:03 +0100
Message-ID: <mailman.3221.1711018803.1207.users@lists.example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{bo}"
{MM2_LIST}Errors-To: users-bounces+k.schmidt=example.net@lists.example.org
Sender: "users" <users-bounces+k.schmidt=example.net@lists.example.org>

--{bo}
Content-Type: text/plain; charset="us-ascii"
MIME-Version: 1.0
Content-Transfer-Encoding: 7bit
Content-Description: users Digest, Vol 42, Issue 7

Send users mailing list submissions to
\tusers@lists.example.org

To subscribe or unsubscribe via the World Wide Web, visit
\thttps://lists.example.org/mailman/listinfo/users
or, via email, send a message with subject or body 'help' to
\tusers-request@lists.example.org

When replying, please edit your Subject line so it is more specific
than "Re: Contents of users digest..."

--{bo}
Content-Type: text/plain; charset="us-ascii"
MIME-Version: 1.0
Content-Transfer-Encoding: 7bit
Content-Description: Today's Topics (3 messages)

Today's Topics:

   1. TLS handshake fails after upgrade to 4.2 (Aino Virtanen)
   2. Re: TLS handshake fails after upgrade to 4.2 (Tomas Novak)
   3. Re: TLS handshake fails after upgrade to 4.2 (Aino Virtanen)

--{bo}
Content-Type: multipart/digest; boundary="{bd}"
MIME-Version: 1.0

--{bd}
Content-Type: message/rfc822
MIME-Version: 1.0

Message-ID: <1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5e@example.fi>
Date: Wed, 20 Mar 2024 11:15:38 +0200
From: Aino Virtanen <aino.virtanen@example.fi>
To: users@lists.example.org
Subject: TLS handshake fails after upgrade to 4.2
Content-Type: text/plain; charset="us-ascii"; Format="flowed"
MIME-Version: 1.0
Content-Transfer-Encoding: 7bit

after upgrading from 4.1.7 to 4.2.0 our clients fail with
"SSL routines::unsupported protocol".

--{bd}
Content-Type: message/rfc822
MIME-Version: 1.0

Message-ID: <9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a@example.cz>
Date: Wed, 20 Mar 2024 12:31:02 +0100
From: Tomas Novak <tomas.novak@example.cz>
To: users@lists.example.org
Subject: Re: TLS handshake fails after upgrade to 4.2
In-Reply-To: <1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5e@example.fi>
Content-Type: text/plain; charset="utf-8"; Format="flowed"
MIME-Version: 1.0
Content-Transfer-Encoding: quoted-printable

Yes, 4.2 sets MinProtocol =3D TLSv1.2 by default. Add tls_min_version =3D=
 1.0 to the [server] section.

--{bd}
Content-Type: message/rfc822
MIME-Version: 1.0

Message-ID: <0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f@example.fi>
Date: Wed, 20 Mar 2024 14:02:51 +0200
From: Aino Virtanen <aino.virtanen@example.fi>
To: users@lists.example.org
Subject: Re: TLS handshake fails after upgrade to 4.2
In-Reply-To: <9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a@example.cz>
Content-Type: text/plain; charset="us-ascii"; Format="flowed"
MIME-Version: 1.0
Content-Transfer-Encoding: 7bit

That fixed it, thank you!

--{bd}--

--{bo}
Content-Type: text/plain; charset="us-ascii"
MIME-Version: 1.0
Content-Transfer-Encoding: 7bit
Content-Disposition: inline

Subject: Digest Footer

{MM2_FOOTER}

------------------------------

End of users Digest, Vol 42, Issue 7
************************************

--{bo}--

"""])

# 132 -- Mailman 3 footer (utf-8 original)
b = '===============8215033176250483192=='
add('132-mailman3-footer-utf8.eml', 'Mailman 3.3 (original from KMail)', 'multipart/mixed: original text/plain utf-8 QP + footer text/plain inline; Mailman 3 headers (Archived-At, X-Message-ID-Hash)', [
    pfx('k.schmidt@example.net', 'devel-bounces@lists.example.org', 'lists.example.org', 'lists.example.org', '192.0.2.25', '4TzsR91Wlmz2nMx', 'Thu, 21 Mar 2024 15:27:48 +0100 (CET)'),
    f"""Received: from mail.example.de (mail.example.de [203.0.113.66])
\tby lists.example.org (Postfix) with ESMTPS id 4TzsR72Hqfz2nMv
\tfor <devel@lists.example.org>; Thu, 21 Mar 2024 15:27:45 +0100 (CET)
From: Stefan =?utf-8?q?Gro=C3=9F?= <stefan.gross@example.de>
To: devel@lists.example.org
Date: Thu, 21 Mar 2024 15:27:40 +0100
Message-ID: <4517339.LvFx2qVVIh@workstation>
MIME-Version: 1.0
Message-ID-Hash: QX4H7Z2KJ3VPLM6RWE5T2NAYB3FDC7UG
X-Message-ID-Hash: QX4H7Z2KJ3VPLM6RWE5T2NAYB3FDC7UG
X-MailFrom: stefan.gross@example.de
X-Mailman-Rule-Misses: dmarc-mitigation; no-senders; approved; emergency; loop; banned-address; member-moderation; nonmember-moderation; administrivia; implicit-dest; max-recipients; max-size; news-moderation; no-subject; digests; suspicious-header
X-Mailman-Version: 3.3.9
Precedence: list
Subject: [devel] =?utf-8?q?Vorschlag=3A_Pr=C3=BCfsummen?= im Exportformat
List-Id: Development discussion <devel.lists.example.org>
Archived-At: <https://lists.example.org/archives/list/devel@lists.example.org/message/QX4H7Z2KJ3VPLM6RWE5T2NAYB3FDC7UG/>
List-Archive: <https://lists.example.org/archives/list/devel@lists.example.org/>
List-Help: <mailto:devel-request@lists.example.org?subject=help>
List-Owner: <mailto:devel-owner@lists.example.org>
List-Post: <mailto:devel@lists.example.org>
List-Subscribe: <mailto:devel-join@lists.example.org>
List-Unsubscribe: <mailto:devel-leave@lists.example.org>
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: text/plain; charset="utf-8"
MIME-Version: 1.0
Content-Transfer-Encoding: quoted-printable
Content-Disposition: inline

{qp('Hallo zusammen,' + chr(10) + chr(10) + 'ich würde gerne vorschlagen, dass wir im Exportformat pro Datei eine SHA-256-Prüfsumme mitschreiben. Dann können Empfänger unvollständige Übertragungen zuverlässig erkennen.' + chr(10) + chr(10) + 'Meinungen?' + chr(10) + chr(10) + 'Grüße' + chr(10) + 'Stefan' + chr(10))}
--{b}
Content-Type: text/plain; charset="utf-8"
MIME-Version: 1.0
Content-Transfer-Encoding: 7bit
Content-Disposition: inline

_______________________________________________
devel mailing list -- devel@lists.example.org
To unsubscribe send an email to devel-leave@lists.example.org

--{b}--
"""])


# ---------------------------------------------------------------------------
# ERP / scanner / web
# ---------------------------------------------------------------------------

# 133 -- ERP invoice: text/plain + application/pdf; name only in Content-Type
b = '=_9C1E4F7B2A3D5E6F8071_='
att = pdf(['Example Supplies AG', 'Invoice INV-2024-0042', 'Customer no. 100233', 'Total EUR 3,870.25'], title='INV-2024-0042', producer='SAP NetWeaver 7.50 Smart Forms')
add('133-erp-invoice-pdf-name-only.eml', 'SAP NetWeaver (SAPconnect)', 'multipart/mixed: text/plain + application/pdf; name="INV-2024-0042.pdf" with NO Content-Disposition', [
    pfx('invoices@example.net', 'sap-noreply@example-supplies.ch', 'smtp-out.example-supplies.ch', 'smtp-out.example-supplies.ch', '198.51.100.162', '4V00c27Tbjz6rKp', 'Fri, 22 Mar 2024 02:15:07 +0100 (CET)'),
    f"""Received: from sapprd01.example-supplies.local ([10.20.1.5])
\tby smtp-out.example-supplies.ch with ESMTP id 2L8kPqV3c5Yf;
\tFri, 22 Mar 2024 02:15:05 +0100
Date: Fri, 22 Mar 2024 02:15:04 +0100
From: Example Supplies AG Debitorenbuchhaltung <sap-noreply@example-supplies.ch>
To: invoices@example.net
Message-ID: <0050568F3A2E1EDEA9B3D1E9A7F2C0B5@sapprd01.example-supplies.local>
Subject: Invoice INV-2024-0042
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"
X-Mailer: SAP NetWeaver 7.50
Sensitivity: Company-Confidential

--{b}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 7bit

Dear customer,

please find enclosed invoice INV-2024-0042.

This e-mail was generated automatically. Please do not reply.

Example Supplies AG, Accounts Receivable

--{b}
Content-Type: application/pdf; name="INV-2024-0042.pdf"
Content-Transfer-Encoding: base64

{b64(att)}
--{b}--
"""])

# 134 -- Scanner (Brother MFC): empty text part + Scan_20240301.pdf
b = '----=_Part_1709283312_0000'
scan = pdf(['[scanned image]'], title='Scan_20240301', producer='Brother MFC-L8900CDW', fontfile=1800, seed=134)
add('134-scanner-empty-text.eml', 'Brother MFC-L8900CDW scan-to-email', 'multipart/mixed: empty text/plain part + application/pdf Scan_20240301.pdf', [
    pfx('k.schmidt@example.net', 'scanner@example.net', 'mfc-2og.office.example.net', 'unknown', '192.0.2.230', '4Tm1Ff0gZ8z8sKd', 'Fri,  1 Mar 2024 09:55:16 +0100 (CET)', tls=False),
    f"""From: "MFC-L8900CDW" <scanner@example.net>
To: k.schmidt@example.net
Subject: Scan_20240301
Date: Fri, 01 Mar 2024 09:55:12 +0100
MIME-Version: 1.0
Message-Id: <20240301095512.0000@mfc-2og.office.example.net>
X-Mailer: Brother MFC-L8900CDW
Content-Type: multipart/mixed; boundary="{b}"

This is a multi-part message in MIME format.

--{b}
Content-Type: text/plain; charset=US-ASCII
Content-Transfer-Encoding: 7bit


--{b}
Content-Type: application/pdf; name="Scan_20240301.pdf"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="Scan_20240301.pdf"

{b64(scan)}
--{b}--
"""])

# 135 -- PHPMailer web form, text/html 8bit UTF-8, BARE LF
body = """<html><body>
<h2>Neue Kontaktanfrage über example-shop.de</h2>
<table cellpadding="4">
<tr><td><b>Name:</b></td><td>Zoë Bäcker-Ünal</td></tr>
<tr><td><b>E-Mail:</b></td><td>zoe.baecker@example.com</td></tr>
<tr><td><b>Telefon:</b></td><td>+49 30 1234 5678</td></tr>
<tr><td><b>Betreff:</b></td><td>Rücksendung Bestellung #100482</td></tr>
<tr><td valign="top"><b>Nachricht:</b></td><td>Hallo, die gelieferte Jacke ist zu groß (Größe L statt M). Kann ich sie umtauschen? Vielen Dank!</td></tr>
</table>
<p style="color:#888;font-size:11px">Gesendet am 22.03.2024 um 14:07 Uhr von IP 203.0.113.77</p>
</body></html>
"""
add('135-phpmailer-webform-html-8bit-lf.eml', 'PHPMailer 6.8.0 (web contact form)', 'single part text/html; charset=UTF-8, 8bit; BARE LF line endings', [
    f"""Return-Path: <www-data@web01.example-shop.de>
Delivered-To: info@example.net
Received: from web01.example-shop.de (web01.example-shop.de [198.51.100.35])
\tby mx1.example.net (Postfix) with ESMTPS id 4V0NcQ2Xsbz3qTf
\tfor <info@example.net>; Fri, 22 Mar 2024 14:07:33 +0100 (CET)
Received: from localhost (localhost [127.0.0.1])
\tby web01.example-shop.de (Postfix) with ESMTP id 1A2B3C40D5
\tfor <info@example.net>; Fri, 22 Mar 2024 14:07:32 +0100 (CET)
Date: Fri, 22 Mar 2024 13:07:32 +0000
To: info@example.net
From: Kontaktformular <noreply@example-shop.de>
Reply-To: =?UTF-8?Q?Zo=C3=AB_B=C3=A4cker-=C3=9Cnal?= <zoe.baecker@example.com>
Subject: =?UTF-8?Q?Kontaktanfrage:_R=C3=BCcksendung_Bestellung_#100482?=
Message-ID: <Xq9mT2vL8pR4wZ6nB1cY3dF5hJ7kA0sE9gU2iO4@www.example-shop.de>
X-Mailer: PHPMailer 6.8.0 (https://github.com/PHPMailer/PHPMailer)
X-PHP-Originating-Script: 33:class.phpmailer.php
MIME-Version: 1.0
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: 8bit

""", body], lf=True, eightbit=True)

# 136 -- Odoo export with text/csv attachment
b = '===============5719032786453112408=='
csv = ("Datum;Kunde;Auftrag;Betrag;Währung\r\n"
       "2024-03-18;Müller & Söhne GmbH;SO0412;1.240,00;EUR\r\n"
       "2024-03-19;Fabrikam Sp. z o.o.;SO0413;880,50;EUR\r\n"
       "2024-03-20;\"Contoso Ltd.; Zweigstelle Nord\";SO0414;12.015,75;EUR\r\n")
add('136-odoo-csv-attachment.eml', 'Odoo 16 (scheduled export)', 'multipart/mixed: text/html + text/csv; charset=utf-8 attachment (base64)', [
    pfx('controlling@example.net', 'bounce+1042-res.users-7@erp.example.net', 'erp.example.net', 'erp.example.net', '192.0.2.99', '4V0TkH5Mqtz1sWp', 'Sat, 23 Mar 2024 06:00:04 +0100 (CET)'),
    f"""Content-Type: multipart/mixed; boundary="{b}"
MIME-Version: 1.0
Message-Id: <171117000.412633591652981.729460195372481-openerp-message-notify@erp.example.net>
references: <171117000.412633591652981.729460195372481-openerp-message-notify@erp.example.net>
Subject: Wochenexport Auftraege KW 12
From: "Odoo Bot" <odoobot@example.net>
Reply-To: "Example Networks GmbH" <catchall@example.net>
To: "Controlling" <controlling@example.net>
Date: Sat, 23 Mar 2024 05:00:01 -0000
X-Odoo-Objects: ir.cron-23
Return-Path: bounce+1042-res.users-7@erp.example.net

--{b}
Content-Type: text/html; charset="utf-8"
MIME-Version: 1.0
Content-Transfer-Encoding: quoted-printable

{qp('<div style="margin:0px;padding:0px;font-size:13px;"><p>Guten Morgen,</p><p>im Anhang der automatische Wochenexport der Aufträge für KW 12.</p><p>--<br>Odoo</p></div>')}
--{b}
Content-Type: text/csv; charset="utf-8"
MIME-Version: 1.0
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="auftraege_kw12.csv"

{b64(csv)}
--{b}--
"""])

# 137 -- XRechnung (CII XML) e-invoice + visual PDF
b = '=_6e2f1d0c9b8a7f6e5d4c3b2a19080706'
xml = """<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter>
      <ram:ID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</ram:ID>
    </ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>RE-2024-0815</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20240322</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>Wartungsvertrag Heizungsanlage März 2024</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeSettlement>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>520.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:BuyerReference>04011000-12345-67</ram:BuyerReference>
      <ram:SellerTradeParty><ram:Name>Haustechnik Öztürk GmbH</ram:Name></ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>Example Networks GmbH</ram:Name></ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:TaxBasisTotalAmount>520.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">98.80</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>618.80</ram:GrandTotalAmount>
        <ram:DuePayableAmount>618.80</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"""
vis = pdf(['Haustechnik Oeztuerk GmbH', 'Rechnung RE-2024-0815', 'Gesamtbetrag 618,80 EUR'], title='RE-2024-0815', producer='lexoffice')
add('137-xrechnung-xml-attachment.eml', 'Roundcube 1.6 / billing export (XRechnung)', 'multipart/mixed: text/plain + application/xml (XRechnung CII) + application/pdf', [
    pfx('rechnungseingang@example.net', 'buchhaltung@haustechnik-oeztuerk.de', 'smtp.haustechnik-oeztuerk.de', 'smtp.haustechnik-oeztuerk.de', '203.0.113.120', '4V0ZpM1Fcwz7nRt', 'Fri, 22 Mar 2024 16:44:51 +0100 (CET)'),
    f"""Received: from webmail.haustechnik-oeztuerk.de (localhost [127.0.0.1])
\t(Authenticated sender: buchhaltung@haustechnik-oeztuerk.de)
\tby smtp.haustechnik-oeztuerk.de (Postfix) with ESMTPA id 8D7C6B5A41
\tfor <rechnungseingang@example.net>; Fri, 22 Mar 2024 16:44:49 +0100 (CET)
MIME-Version: 1.0
Date: Fri, 22 Mar 2024 16:44:49 +0100
From: =?UTF-8?Q?Haustechnik_=C3=96zt=C3=BCrk_Buchhaltung?= <buchhaltung@haustechnik-oeztuerk.de>
To: rechnungseingang@example.net
Subject: XRechnung RE-2024-0815
Message-ID: <6e2f1d0c9b8a7f6e5d4c3b2a19080706@haustechnik-oeztuerk.de>
X-Sender: buchhaltung@haustechnik-oeztuerk.de
User-Agent: Roundcube Webmail/1.6.6
Content-Type: multipart/mixed;
 boundary="{b}"

--{b}
Content-Type: text/plain; charset=US-ASCII;
 format=flowed
Content-Transfer-Encoding: 7bit

Sehr geehrte Damen und Herren,

anbei erhalten Sie die Rechnung RE-2024-0815 als XRechnung (XML) sowie
eine Sichtkopie als PDF.

Mit freundlichen Gruessen
Buchhaltung
--{b}
Content-Transfer-Encoding: base64
Content-Type: application/xml;
 name=RE-2024-0815_xrechnung.xml
Content-Disposition: attachment;
 filename=RE-2024-0815_xrechnung.xml;
 size={len(xml.encode('utf-8'))}

{b64(xml)}--{b}
Content-Transfer-Encoding: base64
Content-Type: application/pdf;
 name=RE-2024-0815.pdf
Content-Disposition: attachment;
 filename=RE-2024-0815.pdf;
 size={len(vis)}

{b64(vis)}--{b}--
"""])

# 138 -- Roundcube forward-as-attachment: message/rfc822 filename="Fwd.eml"
b = '=_a1b2c3d4e5f60718293a4b5c6d7e8f90'
inner = """Return-Path: <info@paketdienst-example.com>
Received: from out.paketdienst-example.com (out.paketdienst-example.com [198.51.100.250])
\tby mx.example-user.de (Postfix) with ESMTPS id 4V0b4R2zPqz9Abc
\tfor <lisa.kraus@example-user.de>; Fri, 22 Mar 2024 17:58:12 +0100 (CET)
From: Paketdienst <info@paketdienst-example.com>
To: lisa.kraus@example-user.de
Subject: Ihre Sendung konnte nicht zugestellt werden
Date: Fri, 22 Mar 2024 17:58:10 +0100
Message-ID: <20240322165810.3F2A1B@paketdienst-example.com>
MIME-Version: 1.0
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

""" + qp('<html><body><p>Sehr geehrte Kundin,</p><p>Ihre Sendung konnte nicht zugestellt werden. Bitte bestätigen Sie Ihre Adresse und zahlen Sie die Gebühr von 1,99 € unter <a href="http://paket-zustellung.example.xyz/track?id=8821">diesem Link</a>.</p></body></html>') + "\n"
add('138-forward-rfc822-fwd-eml.eml', 'Roundcube Webmail 1.6 (forward as attachment)', 'multipart/mixed: text/plain + message/rfc822 with Content-Disposition filename="Fwd.eml"', [
    pfx('abuse@example.net', 'lisa.kraus@example-user.de', 'mail.example-user.de', 'mail.example-user.de', '203.0.113.33', '4V0cQ80Wxyz3sHn', 'Fri, 22 Mar 2024 18:20:44 +0100 (CET)'),
    f"""MIME-Version: 1.0
Date: Fri, 22 Mar 2024 18:20:41 +0100
From: Lisa Kraus <lisa.kraus@example-user.de>
To: abuse@example.net
Subject: Fwd: Ihre Sendung konnte nicht zugestellt werden
Message-ID: <a1b2c3d4e5f60718293a4b5c6d7e8f90@example-user.de>
X-Sender: lisa.kraus@example-user.de
User-Agent: Roundcube Webmail/1.6.5
Content-Type: multipart/mixed;
 boundary="{b}"

--{b}
Content-Type: text/plain; charset=US-ASCII;
 format=flowed
Content-Transfer-Encoding: 7bit

Hallo,

die angehaengte Mail sieht nach Phishing aus, der Link zeigt auf einen
Server in Ihrem Netz.

Gruss
Lisa Kraus
--{b}
Content-Type: message/rfc822;
 name=Fwd.eml
Content-Disposition: attachment;
 filename=Fwd.eml;
 size={len(inner.encode('ascii'))}

{inner}
--{b}--
"""])

# 139 -- mutt mime_forward: message/rfc822 without any filename
b = 'Wq7mFz3nK9pLx2Rb'
inner = """Return-Path: <alerts@monitor.example.net>
Received: by monitor.example.net (Postfix, from userid 998)
\tid 3C1A220E7F; Sat, 23 Mar 2024 03:12:40 +0100 (CET)
From: Monitoring <alerts@monitor.example.net>
To: oncall@example.net
Subject: PROBLEM: db02 disk /var/lib/postgresql 93% full
Date: Sat, 23 Mar 2024 03:12:40 +0100
Message-ID: <20240323021240.3C1A220E7F@monitor.example.net>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: 7bit

***** Monitoring *****

Host: db02
Service: disk /var/lib/postgresql
State: CRITICAL
Info: DISK CRITICAL - free space: /var/lib/postgresql 7012 MB (7% inode=98%)
Date/Time: Sat Mar 23 03:12:40 CET 2024
"""
add('139-forward-rfc822-no-filename.eml', 'mutt 2.2 (mime_forward=yes)', 'multipart/mixed: text/plain + message/rfc822 inline WITHOUT filename (Content-Description only)', [
    pfx('k.schmidt@example.net', 'peter@hansen.example.org', 'hansen.example.org', 'hansen.example.org', '198.51.100.9', '4V0qS14Bnmz3kJy', 'Sat, 23 Mar 2024 08:31:22 +0100 (CET)'),
    f"""Received: by hansen.example.org (Postfix, from userid 1000)
\tid 5E7D11E0419; Sat, 23 Mar 2024 08:31:19 +0100 (CET)
Date: Sat, 23 Mar 2024 08:31:19 +0100
From: Peter Hansen <peter@hansen.example.org>
To: Klaus Schmidt <k.schmidt@example.net>
Subject: Fwd: PROBLEM: db02 disk /var/lib/postgresql 93% full
Message-ID: <Zf6Ed4mK2pQ9wT1z@hansen.example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"
Content-Disposition: inline
User-Agent: Mutt/2.2.12 (2023-09-09)


--{b}
Content-Type: text/plain; charset=us-ascii
Content-Disposition: inline

Klaus, kannst du dir das bitte ansehen? Ich bin bis Montag unterwegs.

Peter

--{b}
Content-Type: message/rfc822
Content-Disposition: inline
Content-Description: Forwarded message from Monitoring <alerts@monitor.example.net>

{inner}
--{b}--
"""])

# 140 -- classic Outlook (SMTP, not Exchange) with two attachments named scan.pdf
b = '----=_NextPart_000_0012_01DA7B2C.3E4F5A60'
ba = '----=_NextPart_001_0013_01DA7B2C.3E4F5A60'
s1 = pdf(['Lieferschein 55102', 'Seite 1/1'], title='scan', producer='HP Scan', seed=1401)
s2 = pdf(['Pruefprotokoll Charge 7781', 'Seite 1/1'], title='scan', producer='HP Scan', seed=1402)
add('140-outlook-two-scan-pdf-same-name.eml', 'Outlook 2016 (POP/SMTP account)', 'multipart/mixed: alternative + two application/pdf attachments both named scan.pdf', [
    pfx('k.schmidt@example.net', 'werkstatt@kfz-example.de', 'mout.kundenserver.example', 'mout.kundenserver.example', '198.51.100.126', '4V0vL53Dkbz9wRq', 'Sat, 23 Mar 2024 10:05:31 +0100 (CET)'),
    f"""Received: from PCWERKSTATT ([203.0.113.88]) by mrelay.kundenserver.example
 (mreue009 [212.227.15.163]) with ESMTPSA (Nemesis) id 1MqZ2k-1rM6Tq0pLS-00n5Yk for
 <k.schmidt@example.net>; Sat, 23 Mar 2024 10:05:29 +0100
From: "KFZ Werkstatt Example" <werkstatt@kfz-example.de>
To: "'Klaus Schmidt'" <k.schmidt@example.net>
Subject: Unterlagen
Date: Sat, 23 Mar 2024 10:05:27 +0100
Message-ID: <001201da7b2c$3e4f5a60$baee0f20$@kfz-example.de>
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="{b}"
X-Mailer: Microsoft Outlook 16.0
Thread-Index: Adp7K+dZqT1gNwKsRvO2yXm5wq1P4Q==
Content-Language: de

This is a multipart message in MIME format.

--{b}
Content-Type: multipart/alternative;
\tboundary="{ba}"


--{ba}
Content-Type: text/plain;
\tcharset="us-ascii"
Content-Transfer-Encoding: 7bit

Hallo Herr Schmidt,

anbei die beiden Scans.

Gruss
Werkstatt


--{ba}
Content-Type: text/html;
\tcharset="us-ascii"
Content-Transfer-Encoding: quoted-printable

{qp(outlook_html(['Hallo Herr Schmidt,', '', 'anbei die beiden Scans.', '', 'Gruss', 'Werkstatt'], 'us-ascii'), 'ascii')}
--{ba}--

--{b}
Content-Type: application/pdf;
\tname="scan.pdf"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
\tfilename="scan.pdf"

{b64(s1)}
--{b}
Content-Type: application/pdf;
\tname="scan.pdf"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
\tfilename="scan.pdf"

{b64(s2)}
--{b}--

"""])


# ---------------------------------------------------------------------------
# Charsets
# ---------------------------------------------------------------------------

def jis(text):
    """ISO-2022-JP bytes, encoded line by line (each line ends in ASCII mode)."""
    return b'\n'.join(l.encode('iso2022_jp') for l in text.split('\n'))


# 141 -- ISO-2022-JP 7bit (Becky!)
body = """株式会社サンプル
営業部　鈴木様

いつもお世話になっております。
山田商事の山田です。

来週の打ち合わせの件でご連絡いたします。
日時：3月28日（木）14時から
場所：弊社3階会議室

資料は前日までにお送りいたします。
ご確認のほど、よろしくお願いいたします。

山田　太郎
山田商事株式会社
"""
add('141-charset-iso-2022-jp.eml', 'Becky! 2.81 (Japanese)', 'text/plain; charset="ISO-2022-JP", 7bit; RFC 2047 B Subject/From in ISO-2022-JP', [
    pfx('suzuki@example.co.jp', 'yamada@yamada-shoji.example.jp', 'mail.yamada-shoji.example.jp', 'mail.yamada-shoji.example.jp', '203.0.113.150', '4V1Bn42Kpqz5vDs', 'Sun, 24 Mar 2024 02:14:09 +0100 (CET)'),
    f"""Received: from [192.168.0.12] (p1234567-ipngn1001.example-isp.ne.jp [198.51.100.15])
\tby mail.yamada-shoji.example.jp (Postfix) with ESMTPSA id 9F3E2D1C0B
\tfor <suzuki@example.co.jp>; Sun, 24 Mar 2024 10:14:06 +0900 (JST)
Date: Sun, 24 Mar 2024 10:14:05 +0900
From: {ew_b('山田 太郎', 'ISO-2022-JP')} <yamada@yamada-shoji.example.jp>
To: {ew_b('鈴木 様', 'ISO-2022-JP')} <suzuki@example.co.jp>
Subject: {ew_b('来週の打ち合わせについて', 'ISO-2022-JP')}
Message-Id: <20240324101405.4C2A.B2E7F1C9@yamada-shoji.example.jp>
MIME-Version: 1.0
Content-Type: text/plain; charset="ISO-2022-JP"
Content-Transfer-Encoding: 7bit
X-Mailer: Becky! ver. 2.81.04 [ja]

""", jis(body)])

# 142 -- Shift_JIS 8bit (web shop order confirmation)
body = """山田 花子 様

この度はサンプル商店をご利用いただき、誠にありがとうございます。
以下の内容でご注文を承りました。

【ご注文番号】240323-0012
【ご注文日時】2024年3月23日 21時47分
【商品名】　　有機ほうじ茶 100g × 2
【合計金額】　1,944円（税込）

発送準備が整い次第、改めてご連絡いたします。

━━━━━━━━━━━━━━━━━━━━
株式会社サンプル商店
https://shop.example.jp/
━━━━━━━━━━━━━━━━━━━━
"""
add('142-charset-shift-jis-8bit.eml', 'Japanese web shop system (PHP mb_send_mail-like)', 'text/plain; charset=Shift_JIS, 8bit raw bytes; RFC 2047 B Subject/From in Shift_JIS', [
    pfx('hanako.yamada@example.net', 'order@shop.example.jp', 'smtp.shop.example.jp', 'smtp.shop.example.jp', '198.51.100.71', '4V0nW17Jlgz4pFv', 'Sat, 23 Mar 2024 13:47:22 +0100 (CET)'),
    f"""Received: by smtp.shop.example.jp (Postfix, from userid 48)
\tid 6A1B2C3D4E; Sat, 23 Mar 2024 21:47:20 +0900 (JST)
To: hanako.yamada@example.net
Subject: {ew_b('【ご注文確認】注文番号 240323-0012', 'Shift_JIS')}
From: {ew_b('サンプル商店', 'Shift_JIS')} <order@shop.example.jp>
MIME-Version: 1.0
Content-Type: text/plain; charset=Shift_JIS
Content-Transfer-Encoding: 8bit
Message-Id: <20240323124720.6A1B2C3D4E@smtp.shop.example.jp>
Date: Sat, 23 Mar 2024 21:47:20 +0900 (JST)

""", body.encode('shift_jis')])

# 143 -- EUC-KR base64, alternative (JavaMail based groupware)
b = '----=_Part_48213_1693275014.1711325112345'
txt = """안녕하세요, 김민준입니다.

다음 주 회의 일정을 알려드립니다.

일시: 3월 27일 (수) 오후 2시
장소: 본사 5층 대회의실
안건: 1분기 실적 검토 및 2분기 계획

참석 여부를 회신해 주시면 감사하겠습니다.

김민준 드림
"""
html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr"></head><body><p>안녕하세요, 김민준입니다.</p><p>다음 주 회의 일정을 알려드립니다.</p><p>일시: 3월 27일 (수) 오후 2시<br>장소: 본사 5층 대회의실<br>안건: 1분기 실적 검토 및 2분기 계획</p><p>참석 여부를 회신해 주시면 감사하겠습니다.</p><p>김민준 드림</p></body></html>'
add('143-charset-euc-kr-base64.eml', 'Korean groupware (JavaMail)', 'multipart/alternative: text/plain + text/html, charset=euc-kr, base64; RFC 2047 B Subject/From in EUC-KR', [
    pfx('k.schmidt@example.net', 'minjun.kim@example.co.kr', 'mail.example.co.kr', 'mail.example.co.kr', '192.0.2.88', '4V1Hs02Bqkz2wTn', 'Mon, 25 Mar 2024 01:05:14 +0100 (CET)'),
    f"""Date: Mon, 25 Mar 2024 09:05:12 +0900 (KST)
From: {ew_b('김민준', 'EUC-KR')} <minjun.kim@example.co.kr>
To: k.schmidt@example.net
Message-ID: <1102837465.48213.1711325112345.JavaMail.groupware@gw01.example.co.kr>
Subject: {ew_b('회의 일정 안내 (3월 27일)', 'EUC-KR')}
MIME-Version: 1.0
Content-Type: multipart/alternative; 
\tboundary="{b}"
X-Mailer: Groupware Mail Agent 5.1

--{b}
Content-Type: text/plain; charset=euc-kr
Content-Transfer-Encoding: base64

{b64(txt.encode('euc-kr'))}
--{b}
Content-Type: text/html; charset=euc-kr
Content-Transfer-Encoding: base64

{b64(html.encode('euc-kr'))}
--{b}--
"""])

# 144 -- Big5 base64 (Outlook Express 6, Taiwan)
body = """林先生您好：

附件是本月的報價單，請查收。
如有任何問題，歡迎隨時與我聯絡。

祝　商祺

陳美玲
業務部
範例科技股份有限公司
電話：(02) 2345-6789
"""
add('144-charset-big5.eml', 'Outlook Express 6 (Traditional Chinese)', 'text/plain; charset="big5", base64; RFC 2047 B Subject/From in Big5; X-Priority etc.', [
    pfx('lin@example.com.tw', 'meiling.chen@example-tech.com.tw', 'msa.example-tech.com.tw', 'msa.example-tech.com.tw', '203.0.113.210', '4V1Kx73Hmrz8sQw', 'Mon, 25 Mar 2024 03:31:58 +0100 (CET)'),
    f"""Received: from PC01 ([192.168.1.101])
\tby msa.example-tech.com.tw with ESMTP id 42P2VtNq018833
\tfor <lin@example.com.tw>; Mon, 25 Mar 2024 10:31:55 +0800
Message-ID: <000501da7d1e$5a3b2c10$6501a8c0@PC01>
From: {ew_b('陳美玲', 'big5')} <meiling.chen@example-tech.com.tw>
To: <lin@example.com.tw>
Subject: {ew_b('本月報價單', 'big5')}
Date: Mon, 25 Mar 2024 10:31:52 +0800
MIME-Version: 1.0
Content-Type: text/plain;
\tcharset="big5"
Content-Transfer-Encoding: base64
X-Priority: 3
X-MSMail-Priority: Normal
X-Mailer: Microsoft Outlook Express 6.00.2900.5931
X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2900.6157

""", b64(body.encode('big5'))])

# 145 -- GB2312 (Foxmail)
b = '----=_001_NextPart158246315310_=----'
txt = """王经理：

您好！

关于下周的发货安排如下：
1. 3月26日发出第一批货物，共120箱；
2. 3月29日发出第二批货物，共80箱。

如有变动，我会及时通知您。

谢谢！

张伟
"""
html = '<html><head><meta http-equiv="content-type" content="text/html; charset=GB2312"><style>body { line-height: 1.5; }</style></head><body><div>王经理：</div><div>您好！</div><div>关于下周的发货安排如下：</div><div>1. 3月26日发出第一批货物，共120箱；</div><div>2. 3月29日发出第二批货物，共80箱。</div><div>如有变动，我会及时通知您。</div><div>谢谢！</div><hr style="width: 210px; height: 1px;" color="#b5c4df" size="1" align="left"><div><span>张伟</span></div></body></html>'
add('145-charset-gb2312-foxmail.eml', 'Foxmail 7.2 (Simplified Chinese)', 'multipart/alternative: text/plain + text/html, charset="GB2312", base64; RFC 2047 B Subject/From in GB2312', [
    pfx('wang@example.cn', 'zhangwei@example-trade.cn', 'smtpbgjp3.qq.com', 'smtpbgjp3.qq.com', '54.92.39.34', '4V1Mr26Gtnz9tZc', 'Mon, 25 Mar 2024 08:40:13 +0100 (CET)'),
    f"""X-QQ-mid: bizesmtp88t1711352408t3k9w2xq
Received: from DESKTOP-7K3L9Q2 ( [116.224.187.55])
\tby bizesmtp.qq.com (ESMTP) with 
\tid ; Mon, 25 Mar 2024 15:40:07 +0800 (CST)
Date: Mon, 25 Mar 2024 15:40:06 +0800
From: "{ew_b('张伟', 'GB2312')}" <zhangwei@example-trade.cn>
To: "{ew_b('王经理', 'GB2312')}" <wang@example.cn>
Subject: {ew_b('下周发货安排', 'GB2312')}
X-Priority: 3
X-GUID: 4E7A2B1C-9D3F-4A5E-8B6C-0D1E2F3A4B5C
X-Has-Attach: no
X-Mailer: Foxmail 7.2.25.228[cn]
Mime-Version: 1.0
Message-ID: <2024032515400641582315@example-trade.cn>
Content-Type: multipart/alternative;
\tboundary="{b}"

This is a multi-part message in MIME format.

--{b}
Content-Type: text/plain;
\tcharset="GB2312"
Content-Transfer-Encoding: base64

{b64(txt.encode('gb2312'))}
--{b}
Content-Type: text/html;
\tcharset="GB2312"
Content-Transfer-Encoding: base64

{b64(html.encode('gb2312'))}
--{b}--

"""])

# 146 -- KOI8-R 8bit (The Bat!)
body = """Здравствуйте, Клаус!

Высылаю обновлённый договор поставки. Изменения касаются пунктов 4.2
(сроки оплаты) и 7.1 (ответственность сторон).

Прошу подтвердить получение.

-- 
С уважением,
 Иван Петров                          mailto:i.petrov@example.ru
"""
add('146-charset-koi8-r-thebat.eml', 'The Bat! 3.99 (Russian)', 'text/plain; charset=koi8-r, 8bit raw bytes; RFC 2047 B Subject/From in KOI8-R', [
    pfx('k.schmidt@example.net', 'i.petrov@example.ru', 'mx.example.ru', 'mx.example.ru', '192.0.2.177', '4V1QbX1Tvnz6sLp', 'Mon, 25 Mar 2024 10:22:37 +0100 (CET)'),
    f"""Received: from [198.51.100.212] (helo=IVAN-PC)
\tby mx.example.ru with esmtpa (Exim 4.96)
\t(envelope-from <i.petrov@example.ru>)
\tid 1roL4v-0003Xy-2k
\tfor k.schmidt@example.net;
\tMon, 25 Mar 2024 12:22:33 +0300
Date: Mon, 25 Mar 2024 12:22:33 +0300
From: {ew_b('Иван Петров', 'koi8-r')} <i.petrov@example.ru>
X-Mailer: The Bat! (v3.99.3) Professional
Reply-To: {ew_b('Иван Петров', 'koi8-r')} <i.petrov@example.ru>
X-Priority: 3 (Normal)
Message-ID: <1831297355.20240325122233@example.ru>
To: k.schmidt@example.net
Subject: {ew_b('Договор поставки (новая редакция)', 'koi8-r')}
MIME-Version: 1.0
Content-Type: text/plain; charset=koi8-r
Content-Transfer-Encoding: 8bit

""", body.encode('koi8-r')])

# 147 -- windows-1251, Outlook Express style alternative, base64 (Bulgarian)
b = '----=_NextPart_000_0007_01DA7E9A.C3D4E5F0'
txt = """Здравейте, г-н Шмидт,

изпращам Ви фактурата за март. Моля, потвърдете получаването.

Поздрави,
Георги Димитров
"""
html = '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">\n<HTML><HEAD>\n<META http-equiv=Content-Type content="text/html; charset=windows-1251">\n</HEAD>\n<BODY bgColor=#ffffff>\n<DIV><FONT face=Arial size=2>Здравейте, г-н Шмидт,</FONT></DIV>\n<DIV><FONT face=Arial size=2>изпращам Ви фактурата за март. Моля, потвърдете получаването.</FONT></DIV>\n<DIV><FONT face=Arial size=2>Поздрави,<BR>Георги Димитров</FONT></DIV></BODY></HTML>\n'
add('147-charset-windows-1251.eml', 'Outlook Express 6 (Bulgarian)', 'multipart/alternative: text/plain + text/html, charset="windows-1251", base64; RFC 2047 B Subject/From in windows-1251', [
    pfx('k.schmidt@example.net', 'g.dimitrov@example.bg', 'mail.example.bg', 'mail.example.bg', '203.0.113.59', '4V1TpF4Wkmz1vXn', 'Mon, 25 Mar 2024 11:48:05 +0100 (CET)'),
    f"""Received: from GEORGI ([10.0.0.44]) by mail.example.bg with MailEnable ESMTP; Mon, 25 Mar 2024 12:48:01 +0200
Message-ID: <000b01da7e9a$c3d4e5f0$2c00000a@GEORGI>
From: {ew_b('Георги Димитров', 'windows-1251')} <g.dimitrov@example.bg>
To: "Klaus Schmidt" <k.schmidt@example.net>
Subject: {ew_b('Фактура за март', 'windows-1251')}
Date: Mon, 25 Mar 2024 12:48:00 +0200
MIME-Version: 1.0
Content-Type: multipart/alternative;
\tboundary="{b}"
X-Priority: 3
X-MSMail-Priority: Normal
X-Mailer: Microsoft Outlook Express 6.00.2900.5931
X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2900.6157

This is a multi-part message in MIME format.

--{b}
Content-Type: text/plain;
\tcharset="windows-1251"
Content-Transfer-Encoding: base64

{b64(txt.encode('windows-1251'))}
--{b}
Content-Type: text/html;
\tcharset="windows-1251"
Content-Transfer-Encoding: base64

{b64(html.encode('windows-1251'))}
--{b}--

"""])

# 148 -- ISO-8859-2, QP (Polish, old Thunderbird)
body = """Dzień dobry,

przesyłam zestawienie godzin za marzec. Łącznie 162 godziny, w tym
12 godzin nadliczbowych (szczegóły w załączonej tabeli w systemie).

Proszę o potwierdzenie do piątku.

Z poważaniem
Małgorzata Wójcik

PS: Kolega z Pragi dziękuje za pomoc - "Děkuji, pěkný den!"
"""
add('148-charset-iso-8859-2-polish.eml', 'Thunderbird 3.0 (Polish, legacy)', 'text/plain; charset=ISO-8859-2, QP; RFC 2047 Q Subject/From in ISO-8859-2 (Polish + a Czech line)', [
    pfx('k.schmidt@example.net', 'm.wojcik@example.pl', 'poczta.example.pl', 'poczta.example.pl', '198.51.100.204', '4V1Xc25Mhrz3tWq', 'Mon, 25 Mar 2024 14:12:48 +0100 (CET)'),
    f"""Received: from [192.168.5.33] (host-203-0-113-7.example-isp.pl [203.0.113.7])
\tby poczta.example.pl (Postfix) with ESMTPSA id 2B1C3D4E5F
\tfor <k.schmidt@example.net>; Mon, 25 Mar 2024 14:12:45 +0100 (CET)
Message-ID: <4C2A91F3.7080905@example.pl>
Date: Mon, 25 Mar 2024 14:12:35 +0100
From: {ew_q('Małgorzata Wójcik', 'ISO-8859-2')} <m.wojcik@example.pl>
User-Agent: Mozilla/5.0 (Windows; U; Windows NT 5.1; pl; rv:1.9.1.9) Gecko/20100317 Thunderbird/3.0.4
MIME-Version: 1.0
To: Klaus Schmidt <k.schmidt@example.net>
Subject: {ew_q('Zestawienie godzin - marzec (ważne)', 'ISO-8859-2')}
Content-Type: text/plain; charset=ISO-8859-2
Content-Transfer-Encoding: quoted-printable

""", qp(body, 'iso-8859-2')])

# 149 -- ISO-8859-15 with euro sign (Evolution)
body = """Bonjour Klaus,

comme convenu, voici le récapitulatif :

  - Licence annuelle : 1 250 € HT
  - Formation sur site : 480 € HT
  - Total : 1 730 € HT, soit 2 076 € TTC

Le devis est valable jusqu'au 30 avril. L'œuvre de Loïc (la maquette)
sera livrée séparément.

Cordialement,
Étienne Lefèvre
"""
add('149-charset-iso-8859-15-euro.eml', 'Evolution 3.50 (French)', 'text/plain; charset="ISO-8859-15", QP with =A4 euro and =BD oe; RFC 2047 Q Subject/From in ISO-8859-15', [
    pfx('k.schmidt@example.net', 'etienne.lefevre@example.fr', 'smtp.example.fr', 'smtp.example.fr', '192.0.2.213', '4V1aK60Rpsz4xZb', 'Mon, 25 Mar 2024 16:01:20 +0100 (CET)'),
    f"""Received: from laptop-etienne.home (lfbn-example-1-234.w198-51.abo.example-isp.fr [198.51.100.234])
\t(Authenticated sender: etienne.lefevre@example.fr)
\tby smtp.example.fr (Postfix) with ESMTPSA id 7C6B5A4F3E
\tfor <k.schmidt@example.net>; Mon, 25 Mar 2024 16:01:17 +0100 (CET)
Message-ID: <8f3e2c1b0a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f.camel@example.fr>
Subject: {ew_q('Récapitulatif devis - 1 730 € HT', 'ISO-8859-15')}
From: {ew_q('Étienne Lefèvre', 'ISO-8859-15')} <etienne.lefevre@example.fr>
To: Klaus Schmidt <k.schmidt@example.net>
Date: Mon, 25 Mar 2024 16:01:15 +0100
Content-Type: text/plain; charset="ISO-8859-15"
Content-Transfer-Encoding: quoted-printable
User-Agent: Evolution 3.50.3-1 
MIME-Version: 1.0

""", qp(body, 'iso-8859-15')])

# 150 -- UTF-16 text part with BOM, base64 (.NET System.Net.Mail)
body = ("Automatischer Bericht / Automatic report\r\n\r\n"
        "Datum: 24.03.2024\r\nStandort: Düsseldorf\r\n"
        "Verarbeitete Datensätze: 12.418\r\nFehler: 3\r\n\r\n"
        "Kunde 富士 (ID 4471): Prüfsumme ungültig\r\n")
add('150-charset-utf-16-bom-base64.eml', '.NET System.Net.Mail (BodyEncoding = Encoding.Unicode)', 'text/plain; charset=utf-16, base64 body starting with BOM FF FE; RFC 2047 B Subject/From in utf-16 (BOM per word)', [
    pfx('k.schmidt@example.net', 'reports@app.example.net', 'app01.example.net', 'app01.example.net', '192.0.2.101', '4V19q55Jdmz2vKp', 'Sun, 24 Mar 2024 09:00:03 +0100 (CET)'),
    f"""Received: from APP01 (localhost [127.0.0.1])
\tby app01.example.net (Postfix) with ESMTP id 4C1D2E3F4A
\tfor <k.schmidt@example.net>; Sun, 24 Mar 2024 09:00:02 +0100 (CET)
MIME-Version: 1.0
From: {ew_b('Berichte Düsseldorf', 'utf-16')} <reports@app.example.net>
To: k.schmidt@example.net
Date: 24 Mar 2024 09:00:01 +0100
Subject: {ew_b('Tagesbericht 24.03.2024 – 3 Fehler', 'utf-16')}
Content-Type: text/plain; charset=utf-16
Content-Transfer-Encoding: base64
Message-Id: <20240324080002.4C1D2E3F4A@app01.example.net>

""", b64(body.encode('utf-16'))])

# 151 -- QP with many soft line breaks, UTF-8 (web.de)
body = ("Hallo Klaus,\n\n"
        "ich wollte mich nur kurz zurückmelden: Die Übergabe der Wohnung hat gestern ohne Probleme geklappt, "
        "die Zählerstände habe ich fotografiert und im gemeinsamen Ordner abgelegt, zusammen mit dem unterschriebenen Übergabeprotokoll und den Fotos vom Flur, der Küche und dem Bad.\n\n"
        "Für die Rückzahlung der Kaution brauche ich noch deine Kontoverbindung – am besten schickst du sie mir per SMS, nicht per E-Mail. "
        "Die Schlüssel (3× Haustür, 2× Briefkasten, 1× Keller) liegen bei Frau Müller im Erdgeschoss; sie ist werktags ab 16 Uhr zuhause.\n\n"
        "Viele Grüße aus Würzburg\n"
        "Jürgen\n")
add('151-qp-soft-breaks-utf8-webde.eml', 'WEB.DE FreeMail (web)', 'text/plain; charset=UTF-8, QP with long paragraphs => many soft line breaks, =C3=BC etc.', [
    pfx('k.schmidt@example.net', 'juergen.krause77@web.de', 'mout.web.de', 'mout.web.de', '212.227.15.4', '4V1dX03Fjqz9rLm', 'Mon, 25 Mar 2024 18:37:11 +0100 (CET)'),
    f"""DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple; d=web.de;
\ts=s29768273; t=1711388230; x=1711993030; i=juergen.krause77@web.de;
\tbh=Zx3kP8vL2mQ9wT5nB1cY7dF4hJ6sA0gE3iK5lM7oP9r=;
\th=X-UI-Sender-Class:MIME-Version:Message-ID:From:To:Subject:Content-Type:
\t Content-Transfer-Encoding:Date;
\tb=Tq1pL8vR3mX5nZ2wY7bC0dF4hJ6kN9sA1eG3iK5lM7oP9rT1uV3wX5yZ7aB9cD1eF3gH5jK7
\t lM9nP1qR3sT5uV7wX9yZ1aB3cD5eF7gH9jK1lM3nP5qR7sT9uV1wX3yZ5aB7c=
X-UI-Sender-Class: 814a7b36-bfc1-4dae-8640-3722d8ec6cd6
Received: from [198.51.100.87] ([198.51.100.87]) by
 trinity-msg-rest-webde-webde-live-5c7f8b9d4-2xk9q (via HTTP); Mon, 25 Mar
 2024 17:37:10 +0000
MIME-Version: 1.0
Message-ID: <trinity-1a2b3c4d-5e6f-4708-91a2-b3c4d5e6f708-1711388230512@trinity-msg-rest-webde-webde-live-5c7f8b9d4-2xk9q>
From: =?UTF-8?Q?J=C3=BCrgen_Krause?= <juergen.krause77@web.de>
To: Klaus Schmidt <k.schmidt@example.net>
Subject: =?UTF-8?Q?Wohnungs=C3=BCbergabe_erledigt?=
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable
Date: Mon, 25 Mar 2024 18:37:10 +0100
Importance: normal
Sensitivity: Normal
X-Priority: 3
X-Provags-ID: V03:K1:Qm3xK2aBZr0P9wQcLk8pQ2vR7b+Hq0Tk7Lz3pB9vX1mD6sF8gJ4aE2cQ0uR5nW7tK
X-UI-Message-Type: mail

""", qp(body)])

# 152 -- 8bit UTF-8 (KMail), multilingual
body = """Merhaba Klaus,

teşekkürler, dosyaları aldım. Çarşamba günü görüşürüz.

Xin chào anh Klaus, cảm ơn anh đã gửi tài liệu — em sẽ đọc kỹ trước thứ Tư.

Γεια σου Κλάους, τα λέμε την Τετάρτη!

Grüße,
Ayşe Nguyễn
"""
add('152-8bit-utf8-kmail.eml', 'KMail 5.24 (KDE)', 'text/plain; charset="utf-8", Content-Transfer-Encoding: 8bit (Turkish/Vietnamese/Greek), RFC 2047 B Subject/From in UTF-8', [
    pfx('k.schmidt@example.net', 'ayse.nguyen@example.org', 'mail.example.org', 'mail.example.org', '198.51.100.58', '4V1gT38Bvkz5qRm', 'Mon, 25 Mar 2024 21:09:55 +0100 (CET)'),
    f"""Received: from laptop.localnet (unknown [203.0.113.140])
\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)
\t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)
\t(No client certificate requested)
\t(Authenticated sender: ayse.nguyen)
\tby mail.example.org (Postfix) with ESMTPSA id 4V1gT25Zfsz5qRl
\tfor <k.schmidt@example.net>; Mon, 25 Mar 2024 21:09:53 +0100 (CET)
From: {ew_b('Ayşe Nguyễn', 'UTF-8')} <ayse.nguyen@example.org>
To: Klaus Schmidt <k.schmidt@example.net>
Subject: {ew_b('Re: Belgeler / Tài liệu / Έγγραφα', 'UTF-8')}
Date: Mon, 25 Mar 2024 21:09:52 +0100
Message-ID: <2215843.iZASKD2KPV@laptop>
Organization: Example Org
In-Reply-To: <b3c4d5e6-f708-4192-a3b4-c5d6e7f80910@example.net>
References: <b3c4d5e6-f708-4192-a3b4-c5d6e7f80910@example.net>
MIME-Version: 1.0
Content-Transfer-Encoding: 8bit
Content-Type: text/plain; charset="utf-8"
User-Agent: KMail/5.24.3 (Linux/6.7.9-arch1-1; KDE/5.115.0; x86_64; ; )

""", body], eightbit=True)


# ---------------------------------------------------------------------------
# README
# ---------------------------------------------------------------------------

def write_readme():
    lines = ['# Client corpus (`1NN-*.eml`)', '',
             'Generated by `src/test/python/corpus_clients.py` (deterministic; re-run to regenerate).',
             'Raw RFC 822 messages as stored on the receiving server (Return-Path/Delivered-To/Received added by',
             'mx1.example.net), imitating the header and MIME layout of real mail programs. Headers and bodies are',
             'written by hand in the script; only attachment payloads (PNG, JPEG, HEIC, PDF, ZIP/DOCX, PKCS#7) are',
             'synthesised. All files use CRLF except the ones marked "LF".', '',
             '| File | Program / MTA imitated | Shape | Size | EOL |',
             '|------|------------------------|-------|-----:|-----|']
    for name, prog, shape, size, lf in ENTRIES:
        lines.append('| `%s` | %s | %s | %d | %s |' % (name, prog, shape.replace('|', '\\|'), size, 'LF' if lf else 'CRLF'))
    lines += ['', 'Notes:', '',
              '- `103-outlook-invoice-pdf.eml` is the single large message (~100 KB base64 PDF part); every file is < 120 KB.',
              '- `129-google-groups.eml` keeps Google Groups\' real-world `List-Archive` header without the closing `>`.',
              '- `130-list-digest-multipart-digest.eml` parts have an empty header section, so they default to message/rfc822.',
              '- `150-charset-utf-16-bom-base64.eml` uses `=?utf-16?B?...?=` encoded words; each word carries its own BOM.',
              '- `121-*` and `135-*` use bare LF line endings on purpose.', '']
    with open(os.path.join(OUT, 'README-clients.md'), 'w', encoding='utf-8', newline='\n') as f:
        f.write('\n'.join(lines))


write_readme()
print('wrote %d messages to %s' % (len(ENTRIES), OUT))
