package io.mailbridge.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MailDocumentWriterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final MailOrigin ORIGIN = new MailOrigin("sandbox-ap", "INBOX", 1700000000L, 42);

    // SHA-256 of the decoded bytes the fixture generator put into src/test/resources/mime
    private static final String INVOICE_PDF_SHA256 = "68838a69405a4c0e8fe427475a37225d1682e7aae2a10afe6cdf7eef946acf88";
    private static final String PDF_A_SHA256 = "9e9d4e1f25519f3a1ba1221b0a6725183e271f266f39bde9e0581e5d485ddb56";
    private static final String PDF_B_SHA256 = "a56603128e9e5ae99a04475275b4ad90345f8c25a90b9fc94560940e9d6aed51";
    private static final String PDF_C_SHA256 = "2458503ae40e5ecb90738667868e2e6fdb38ba86996d0274386c607de332ceb4";
    private static final String TERMS_PDF_SHA256 = "3262bbf05ce4f05a9d14dbdce907cf3bbd50694c652d3c99e647f192add4c79f";
    private static final String LOGO_PNG_SHA256 = "497790947d4666760ce38f3c00e852c71fdb66cae849bae8e9ede352719e1581";
    private static final byte[] TNEF_BYTES = {0x78, (byte) 0x9F, 0x3E, 0x22, 0x01, 0x00, 0x01, 0x06, (byte) 0x90, 0x08,
            0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00};

    // --- envelope and headers ---

    @Test
    void invoiceBecomesDocumentWithOriginEnvelopeAndSelectedHeaders() throws Exception {
        JsonNode doc = document("invoice-pdf.eml");

        assertThat(doc.get("id").asText()).isEqualTo("sandbox-ap/INBOX/1700000000/42");
        assertThat(doc.get("mailbox").asText()).isEqualTo("sandbox-ap");
        assertThat(doc.get("folder").asText()).isEqualTo("INBOX");
        assertThat(doc.get("uidValidity").asLong()).isEqualTo(1700000000L);
        assertThat(doc.get("uid").asLong()).isEqualTo(42);
        assertThat(doc.get("messageId").asText()).isEqualTo("<inv-2024-001@supplier.example>");
        assertThat(doc.get("subject").asText()).isEqualTo("Invoice 2024-001");
        assertThat(addresses(doc.get("from"))).containsExactly("Supplier Billing <billing@supplier.example>");
        assertThat(addresses(doc.get("to"))).containsExactly("Accounts Payable <ap@buyer.example>", "ledger@buyer.example");
        assertThat(addresses(doc.get("cc"))).containsExactly("Doe, Jane <jane.doe@buyer.example>");
        assertThat(addresses(doc.get("replyTo"))).containsExactly("Billing Desk <desk@supplier.example>");
        assertThat(doc.get("date").asText()).isEqualTo("2024-03-05T09:12:00Z");
        assertThat(doc.get("text").asText()).isEqualTo("Dear customer,\n\nplease find invoice 2024-001 attached.\n\n"
                + "Kind regards\nSupplier Billing\n");
        assertThat(doc.get("html").isNull()).isTrue();
        assertThat(doc.get("warnings")).isEmpty();

        JsonNode headers = doc.get("headers");
        assertThat(headers.get("Message-ID").asText()).isEqualTo("<inv-2024-001@supplier.example>");
        assertThat(headers.get("In-Reply-To").asText()).isEqualTo("<po-77@buyer.example>");
        assertThat(headers.get("References").asText()).isEqualTo("<po-76@buyer.example> <po-77@buyer.example>");
        assertThat(headers.get("Return-Path").asText()).isEqualTo("<billing@supplier.example>");
        assertThat(headers.get("X-Mailer").asText()).isEqualTo("Supplier ERP 9.1");
        assertThat(headers.get("List-Id").asText()).isEqualTo("Billing notices <billing.supplier.example>");
        assertThat(headers.has("Received")).isFalse();
        assertThat(headers.has("X-Spam-Score")).isFalse();
    }

    @Test
    void pdfAttachmentCarriesTheFixtureBytesAndTheirHash() throws Exception {
        JsonNode attachment = single(document("invoice-pdf.eml").get("attachments"));

        byte[] content = content(attachment);
        assertThat(attachment.get("fileName").asText()).isEqualTo("invoice-2024-001.pdf");
        assertThat(attachment.get("contentType").asText()).isEqualTo("application/pdf");
        assertThat(attachment.get("disposition").asText()).isEqualTo("attachment");
        assertThat(attachment.get("contentId").isNull()).isTrue();
        assertThat(attachment.get("forwarded").asBoolean()).isFalse();
        assertThat(attachment.get("tnef").asBoolean()).isFalse();
        assertThat(new String(content, StandardCharsets.US_ASCII)).startsWith("%PDF-1.4").endsWith("%%EOF\n");
        assertThat(attachment.get("size").asLong()).isEqualTo(content.length).isEqualTo(591);
        assertThat(sha256(content)).isEqualTo(INVOICE_PDF_SHA256);
        assertThat(attachment.get("sha256").asText()).isEqualTo(INVOICE_PDF_SHA256);
    }

    @Test
    void rfc2047SubjectSenderAndHeadersAreDecodedFromUtf8AndLatin1() throws Exception {
        JsonNode doc = document("subject-rfc2047.eml");

        // a UTF-8 B word and an ISO-8859-1 Q word, folded onto two lines
        assertThat(doc.get("subject").asText()).isEqualTo("Rechnung für März – Müller GmbH");
        assertThat(addresses(doc.get("from"))).containsExactly("Jörg Schäfer <joerg@lieferant.example>");
        assertThat(addresses(doc.get("to"))).containsExactly("Überseebuchhaltung <buchhaltung@kunde.example>");
        assertThat(doc.get("headers").get("Thread-Topic").asText()).isEqualTo("Rechnung für März");
    }

    @Test
    void mailerMistakesInHeadersAreRepaired() throws Exception {
        JsonNode doc = document("header-quirks.eml");

        // an encoded word glued to "Re:", and one in a charset nobody knows (its bytes are UTF-8)
        assertThat(doc.get("subject").asText()).isEqualTo("Re:Grüße aus dem Café");
        // raw UTF-8 bytes in the header, which Jakarta reads as ISO-8859-1
        assertThat(addresses(doc.get("from"))).containsExactly("Zoë Dupré <zoe@exemple.example>");
        assertThat(doc.get("to")).isEmpty();
        assertThat(addresses(doc.get("cc"))).containsExactly("a@buyer.example", "B, Person <b@buyer.example>");
        assertThat(doc.get("date").isNull()).isTrue();
        assertThat(warnings(doc)).containsExactly("From header holds raw 8-bit bytes; read as UTF-8",
                "Date header 'sometime yesterday' cannot be read; date left empty");
    }

    @Test
    void messageWithHeadersOnlyHasAnEmptyTextBodyAndNoAttachments() throws Exception {
        JsonNode doc = document("headers-only.eml");

        assertThat(doc.get("subject").asText()).isEqualTo("Ping");
        // a message without Content-Type is text/plain (RFC 2045 5.2): here an empty one, which is not a missing one
        assertThat(doc.get("text").asText()).isEmpty();
        assertThat(doc.get("html").isNull()).isTrue();
        assertThat(doc.get("attachments")).isEmpty();
        assertThat(doc.get("headers").get("Auto-Submitted").asText()).isEqualTo("auto-generated");
        assertThat(doc.get("warnings")).isEmpty();
    }

    // --- charsets and transfer encodings ---

    @Test
    void latin1QuotedPrintableBodyIsDecoded() throws Exception {
        JsonNode doc = document("body-iso-8859-1-qp.eml");

        assertThat(doc.get("subject").asText()).isEqualTo("Grüße");
        assertThat(doc.get("text").asText()).isEqualTo("Sehr geehrte Damen und Herren,\n\nanbei die Rechnung für März. "
                + "Der Betrag ist innerhalb von vierzehn Tagen fällig.\n\nFreundliche Grüße aus Köln\n");
        assertThat(doc.get("warnings")).isEmpty();
    }

    @Test
    void windows1252BodyKeepsEuroDashAndApostrophe() throws Exception {
        JsonNode doc = document("body-windows-1252.eml");

        assertThat(doc.get("text").asText()).isEqualTo("Amount due: € 1.234,56 – it’s overdue.\n");
        assertThat(doc.get("warnings")).isEmpty();
    }

    @Test
    void shiftJisSubjectAndBodyAreDecoded() throws Exception {
        JsonNode doc = document("body-shift-jis.eml");

        assertThat(doc.get("subject").asText()).isEqualTo("請求書のご送付");
        assertThat(doc.get("text").asText()).isEqualTo("請求書を添付いたします。\nよろしくお願いいたします。\n");
    }

    @Test
    void iso2022JpSubjectSenderAndBodyAreDecoded() throws Exception {
        JsonNode doc = document("iso-2022-jp.eml");

        assertThat(doc.get("subject").asText()).isEqualTo("お見積りのご案内");
        assertThat(addresses(doc.get("from"))).containsExactly("営業部 <eigyo@torihikisaki.example>");
        assertThat(doc.get("text").asText()).isEqualTo("お見積りを送付いたします。\nご検討ください。\n");
        assertThat(doc.get("warnings")).isEmpty();
    }

    @Test
    void base64TextBodyIsDecodedWithItsCharset() throws Exception {
        JsonNode doc = document("body-base64-utf8.eml");

        assertThat(doc.get("text").asText()).isEqualTo("Grüße aus München! \uD83C\uDF89\nZweite Zeile.\n");
    }

    @Test
    void missingCharsetWithEightBitBytesFallsBackToWindows1252WithWarning() throws Exception {
        JsonNode doc = document("missing-charset-8bit.eml");

        assertThat(doc.get("text").asText()).isEqualTo("Grüße – Betrag 10 €\n");
        assertThat(warnings(doc)).containsExactly(
                "text body declares no charset but contains 8-bit bytes; read as windows-1252");
    }

    @Test
    void mislabelledCharsetsFallBackWithWarnings() throws Exception {
        JsonNode doc = document("charset-mislabelled.eml");

        // declared us-ascii but written in windows-1252; declared an unknown charset but written in UTF-8
        assertThat(doc.get("text").asText()).isEqualTo("Café € 5");
        assertThat(doc.get("html").asText()).isEqualTo("<p>Café € 5</p>");
        assertThat(warnings(doc)).containsExactly(
                "text body declares us-ascii but contains 8-bit bytes; read as windows-1252",
                "HTML body declares the unknown charset 'x-unknown-charset'; read as UTF-8");
    }

    @Test
    void base64WithAFooterAfterThePaddingDecodesToTheOriginalBytes() throws Exception {
        JsonNode doc = document("broken-base64.eml");

        JsonNode attachment = single(doc.get("attachments"));
        assertThat(attachment.get("fileName").asText()).isEqualTo("statement.pdf");
        assertThat(sha256(content(attachment))).isEqualTo(PDF_A_SHA256);
        assertThat(attachment.get("sha256").asText()).isEqualTo(PDF_A_SHA256);
        assertThat(attachment.get("size").asLong()).isEqualTo(584);
        assertThat(warnings(doc)).singleElement().asString()
                .startsWith("attachment 'statement.pdf': damaged base64 content")
                .contains("text after the end of the base64 data was ignored");
    }

    // --- structure ---

    @Test
    void nestedAlternativeAndRelatedGiveTextHtmlInlineImageAndAttachment() throws Exception {
        JsonNode doc = document("nested-related.eml");

        assertThat(doc.get("text").asText()).isEqualTo("Your order 5521 is confirmed.");
        assertThat(doc.get("html").asText()).isEqualTo("<html><body><img src=\"cid:logo@supplier.example\">"
                + "<p>Your order <b>5521</b> is confirmed.</p></body></html>");
        JsonNode attachments = doc.get("attachments");
        assertThat(attachments).hasSize(2);
        JsonNode logo = attachments.get(0);
        assertThat(logo.get("fileName").asText()).isEqualTo("logo.png");
        assertThat(logo.get("contentType").asText()).isEqualTo("image/png");
        assertThat(logo.get("disposition").asText()).isEqualTo("inline");
        assertThat(logo.get("contentId").asText()).isEqualTo("logo@supplier.example");
        assertThat(sha256(content(logo))).isEqualTo(LOGO_PNG_SHA256);
        assertThat(logo.get("sha256").asText()).isEqualTo(LOGO_PNG_SHA256);
        JsonNode terms = attachments.get(1);
        assertThat(terms.get("fileName").asText()).isEqualTo("terms.pdf");
        assertThat(terms.get("disposition").asText()).isEqualTo("attachment");
        assertThat(terms.get("sha256").asText()).isEqualTo(TERMS_PDF_SHA256);
        assertThat(doc.get("warnings")).isEmpty();
    }

    @Test
    void forwardedMessageBecomesAnEmlAttachmentHoldingItsRawBytes() throws Exception {
        JsonNode doc = document("forwarded-rfc822.eml");

        assertThat(doc.get("text").asText()).isEqualTo("Please handle the message below.");
        JsonNode forwarded = single(doc.get("attachments"));
        // the subject names the file; its slash must not read as a path
        assertThat(forwarded.get("fileName").asText()).isEqualTo("Angebot 4711 _ Rückfrage.eml");
        assertThat(forwarded.get("contentType").asText()).isEqualTo("message/rfc822");
        assertThat(forwarded.get("forwarded").asBoolean()).isTrue();

        String fixture = fixtureText("forwarded-rfc822.eml");
        int start = fixture.indexOf("From: sales@supplier.example");
        String expected = fixture.substring(start, fixture.indexOf("\n--fwd-outer--", start));
        byte[] content = content(forwarded);
        assertThat(new String(content, StandardCharsets.US_ASCII)).isEqualTo(expected);
        assertThat(forwarded.get("size").asLong()).isEqualTo(content.length);
        assertThat(forwarded.get("sha256").asText()).isEqualTo(sha256(content));
        MimeMessage inner = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(content));
        assertThat(inner.getSubject()).isEqualTo("Angebot 4711 / Rückfrage");
        assertThat(doc.get("warnings")).isEmpty();
    }

    @Test
    void missingClosingBoundaryIsToleratedAsJakartaDoes() throws Exception {
        String truncated = fixtureText("invoice-pdf.eml").replace("--=_mixed_001--\n", "");

        JsonNode doc = write(parse(truncated.getBytes(StandardCharsets.US_ASCII)), MimeLimits.defaults());

        assertThat(single(doc.get("attachments")).get("sha256").asText()).isEqualTo(INVOICE_PDF_SHA256);
    }

    // --- attachment names ---

    @Test
    void rfc2231ContinuedAndRfc2047EncodedFileNamesAreDecoded() throws Exception {
        JsonNode doc = document("filename-rfc2231.eml");

        JsonNode attachments = doc.get("attachments");
        assertThat(attachments).hasSize(2);
        assertThat(attachments.get(0).get("fileName").asText()).isEqualTo("Rechnung Müller.pdf");
        assertThat(attachments.get(0).get("sha256").asText()).isEqualTo(PDF_A_SHA256);
        assertThat(attachments.get(1).get("fileName").asText()).isEqualTo("Übersicht.csv");
        assertThat(attachments.get(1).get("contentType").asText()).isEqualTo("text/csv; charset=utf-8");
        assertThat(new String(content(attachments.get(1)), StandardCharsets.UTF_8))
                .isEqualTo("Artikel;Menge\nSchrauben;100\n");
        assertThat(doc.get("warnings")).isEmpty();
    }

    @Test
    void attachmentWithoutFileNameIsNamedFromItsTypeWithWarning() throws Exception {
        JsonNode doc = document("attachment-no-filename.eml");

        JsonNode attachment = single(doc.get("attachments"));
        assertThat(attachment.get("fileName").asText()).isEqualTo("attachment-1.pdf");
        assertThat(attachment.get("sha256").asText()).isEqualTo(PDF_B_SHA256);
        assertThat(warnings(doc)).containsExactly("attachment 1 has no file name; named it 'attachment-1.pdf'");
    }

    @Test
    void repeatedFileNamesAreNumberedIgnoringCase() throws Exception {
        JsonNode doc = document("duplicate-names.eml");

        JsonNode attachments = doc.get("attachments");
        assertThat(attachments).extracting(a -> a.get("fileName").asText())
                .containsExactly("invoice.pdf", "invoice (2).pdf", "Invoice (3).pdf");
        assertThat(attachments).extracting(a -> a.get("sha256").asText())
                .containsExactly(PDF_A_SHA256, PDF_B_SHA256, PDF_C_SHA256);
        assertThat(warnings(doc)).containsExactly(
                "file name 'invoice.pdf' appears more than once; renamed to 'invoice (2).pdf'",
                "file name 'Invoice.pdf' appears more than once; renamed to 'Invoice (3).pdf'");
    }

    @Test
    void pathsControlCharactersAndOverlongNamesAreStripped() throws Exception {
        JsonNode doc = document("path-traversal.eml");

        List<String> names = new ArrayList<>();
        doc.get("attachments").forEach(a -> names.add(a.get("fileName").asText()));
        assertThat(names).hasSize(4);
        assertThat(names.get(0)).isEqualTo("passwd");
        assertThat(names.get(1)).isEqualTo("y.pdf");
        // U+202E (right-to-left override) and CR LF are gone, so the name shows what it really is
        assertThat(names.get(2)).isEqualTo("invoicefdp.exe");
        assertThat(names.get(3)).hasSize(255).startsWith("aaaa").endsWith("a.pdf");
        assertThat(doc.get("text").isNull()).isTrue();
        assertThat(warnings(doc)).hasSize(4).allSatisfy(w -> assertThat(w).startsWith("file name '"));
        assertThat(warnings(doc).get(0)).endsWith("kept 'passwd'");
    }

    @Test
    void tnefWinmailDatIsFlagged() throws Exception {
        JsonNode attachment = single(document("tnef-winmail.eml").get("attachments"));

        assertThat(attachment.get("fileName").asText()).isEqualTo("winmail.dat");
        assertThat(attachment.get("contentType").asText()).isEqualTo("application/ms-tnef");
        assertThat(attachment.get("tnef").asBoolean()).isTrue();
        assertThat(content(attachment)).isEqualTo(TNEF_BYTES);
        assertThat(attachment.get("sha256").asText()).isEqualTo(sha256(TNEF_BYTES));
    }

    // --- limits and unreadable mail ---

    @Test
    void nestingDeeperThanTheLimitIsRefusedBeforeAnythingIsWritten() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        UnreadableMailException e = catchThrowableOfType(UnreadableMailException.class,
                () -> new MailDocumentWriter(MimeLimits.defaults()).write(load("deep-nesting.eml"), ORIGIN, out));

        assertThat(e.limitExceeded()).isTrue();
        assertThat(e.getMessage()).isEqualTo("nesting deeper than 10 levels (limit mailbridge.inbound.max-depth)");
        assertThat(out.size()).isZero();
    }

    @Test
    void nestingExactlyAtTheLimitIsAccepted() throws Exception {
        // the fixture nests twelve multiparts
        JsonNode doc = document("deep-nesting.eml", new MimeLimits(12, 200, 1024));
        assertThat(doc.get("text").asText()).isEqualTo("innermost");

        assertThatThrownBy(() -> document("deep-nesting.eml", new MimeLimits(11, 200, 1024)))
                .isInstanceOf(UnreadableMailException.class)
                .hasMessageContaining("mailbridge.inbound.max-depth");
    }

    @Test
    void tooManyPartsAreRefused() {
        // below the message: alternative, text, related, html, png, pdf
        assertThat(catchThrowableOfType(UnreadableMailException.class,
                () -> document("nested-related.eml", new MimeLimits(10, 6, 1_000_000)))).isNull();

        assertThatThrownBy(() -> document("nested-related.eml", new MimeLimits(10, 5, 1_000_000)))
                .isInstanceOfSatisfying(UnreadableMailException.class, e -> assertThat(e.limitExceeded()).isTrue())
                .hasMessage("more than 5 MIME parts (limit mailbridge.inbound.max-parts)");
    }

    @Test
    void tooManyDecodedBytesAreRefused() {
        assertThatThrownBy(() -> document("invoice-pdf.eml", new MimeLimits(10, 200, 500)))
                .isInstanceOfSatisfying(UnreadableMailException.class, e -> assertThat(e.limitExceeded()).isTrue())
                .hasMessage("more than 500 bytes of decoded content (limit mailbridge.inbound.max-total-bytes)");
    }

    @Test
    void multipartWithoutAnyBoundaryIsUnreadable() {
        assertThatThrownBy(() -> document("multipart-no-boundary.eml"))
                .isInstanceOfSatisfying(UnreadableMailException.class, e -> assertThat(e.limitExceeded()).isFalse())
                .hasMessageStartingWith("MIME structure cannot be parsed:")
                .hasMessageContaining("boundary");
    }

    @Test
    void lostImapConnectionIsAnIOExceptionSoTheMessageIsRetriedNotQuarantined() throws Exception {
        MimeMessage cutOff = new MimeMessage(load("invoice-pdf.eml")) {
            @Override
            public Object getContent() throws MessagingException {
                throw new FolderClosedException(null, "connection reset by peer");
            }
        };

        assertThatThrownBy(() -> write(cutOff, MimeLimits.defaults()))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(UnreadableMailException.class)
                .hasMessageContaining("connection reset by peer");
    }

    // --- streaming ---

    @Test
    void fiftyMegabyteAttachmentIsStreamedWithRightSizeAndHash() throws Exception {
        long size = 50L * 1024 * 1024;
        MimeMessage message = messageWithGeneratedAttachment(size);
        TailKeepingSink sink = new TailKeepingSink();

        new MailDocumentWriter(MimeLimits.defaults()).write(message, ORIGIN, sink);

        // base64 of 50 MB alone is 4/3 of it
        assertThat(sink.count).isGreaterThan(size * 4 / 3);
        assertThat(sink.closed).isFalse();
        // size and sha256 follow the content in the attachment object, so they sit in the tail
        String tail = sink.tail();
        assertThat(field(tail, "size")).isEqualTo(Long.toString(size));
        assertThat(field(tail, "sha256")).isEqualTo(generatedSha256(size));
        assertThat(tail).endsWith("\"warnings\":[]}");
    }

    @Test
    void streamedBytesCountTowardsTheTotalLimit() throws Exception {
        MimeMessage message = messageWithGeneratedAttachment(50L * 1024 * 1024);

        assertThatThrownBy(() -> new MailDocumentWriter(new MimeLimits(10, 200, 10L * 1024 * 1024))
                .write(message, ORIGIN, new TailKeepingSink()))
                .isInstanceOfSatisfying(UnreadableMailException.class, e -> assertThat(e.limitExceeded()).isTrue())
                .hasMessageContaining("mailbridge.inbound.max-total-bytes");
    }

    // --- bodies as a mail client shows them ---

    @Test
    void inlineTextPartsAroundAnImageAreOneBodyInOrderAndTheImageStaysAnAttachment() throws Exception {
        JsonNode doc = raw("Subject: Apple Mail\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"Apple-Mail=_1\"\r\n\r\n"
                + "--Apple-Mail=_1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nBefore the picture.\r\n"
                + "--Apple-Mail=_1\r\nContent-Type: image/png; name=\"dot.png\"\r\nContent-Disposition: inline; filename=\"dot.png\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n"
                + "--Apple-Mail=_1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nAfter the picture.\r\n"
                + "--Apple-Mail=_1--\r\n");

        // the line break before a boundary belongs to the boundary; parts are joined with one line break
        assertThat(lf(doc.get("text"))).isEqualTo("Before the picture.\nAfter the picture.");
        assertThat(doc.get("html").isNull()).isTrue();
        assertThat(single(doc.get("attachments")).get("fileName").asText()).isEqualTo("dot.png");
        assertThat(doc.get("warnings")).isEmpty();
    }

    @Test
    void mailingListFooterJoinsTheTextAndNoAttachmentIsInvented() throws Exception {
        JsonNode doc = raw("Subject: list\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n"
                + "--a\r\nContent-Type: text/plain\r\n\r\nplain\r\n--a\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--a--\r\n"
                + "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: inline\r\n\r\n-- \r\nlist footer\r\n"
                + "--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>html footer</p>\r\n--b--\r\n");

        assertThat(lf(doc.get("text"))).isEqualTo("plain\n-- \nlist footer");
        assertThat(lf(doc.get("html"))).isEqualTo("<p>html</p>\n<p>html footer</p>");
        assertThat(doc.get("attachments")).isEmpty();
    }

    @Test
    void theLastAlternativeOfEachKindIsTheBodyAndRejectedAlternativesGiveNothing() throws Exception {
        JsonNode doc = raw("Subject: alt\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n"
                + "--a\r\nContent-Type: text/plain\r\n\r\nfirst plain\r\n"
                + "--a\r\nContent-Type: text/plain\r\n\r\npreferred plain\r\n"
                + "--a\r\nContent-Type: multipart/related; boundary=r\r\n\r\n"
                + "--r\r\nContent-Type: text/html\r\n\r\n<img src=cid:logo>\r\n"
                + "--r\r\nContent-Type: image/gif\r\nContent-ID: <logo>\r\nContent-Transfer-Encoding: base64\r\n\r\nR0lGODlh\r\n"
                + "--r--\r\n--a--\r\n");

        assertThat(lf(doc.get("text"))).isEqualTo("preferred plain");
        assertThat(lf(doc.get("html"))).isEqualTo("<img src=cid:logo>");
        JsonNode logo = single(doc.get("attachments"));
        assertThat(logo.get("contentId").asText()).isEqualTo("logo");
        assertThat(logo.get("disposition").asText()).isEqualTo("inline");
    }

    @Test
    void anEmptyTextPartIsAnEmptyBodyNotAMissingOne() throws Exception {
        JsonNode doc = raw("Subject: scan\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\n\r\n--b\r\nContent-Type: application/pdf; name=scan.pdf\r\n\r\n%PDF\r\n--b--\r\n");

        assertThat(doc.get("text").isTextual()).isTrue();
        assertThat(doc.get("text").asText()).isEmpty();
    }

    @Test
    void signedContentIsTheBodyAndTheSignatureAnAttachment() throws Exception {
        JsonNode doc = raw("Subject: signed\r\nMIME-Version: 1.0\r\nContent-Type: multipart/signed; "
                + "protocol=\"application/pgp-signature\"; micalg=pgp-sha256; boundary=s\r\n\r\n"
                + "--s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nsigned words\r\n"
                + "--s\r\nContent-Type: application/pgp-signature; name=\"signature.asc\"\r\n\r\n"
                + "-----BEGIN PGP SIGNATURE-----\r\nabc\r\n-----END PGP SIGNATURE-----\r\n--s--\r\n");

        assertThat(lf(doc.get("text"))).isEqualTo("signed words");
        assertThat(single(doc.get("attachments")).get("fileName").asText()).isEqualTo("signature.asc");
    }

    @Test
    void digestPartsWithoutContentTypeAreMessages() throws Exception {
        JsonNode doc = raw("Subject: digest\r\nMIME-Version: 1.0\r\nContent-Type: multipart/digest; boundary=d\r\n\r\n"
                + "--d\r\n\r\nSubject: first\r\nFrom: a@list.example\r\n\r\none\r\n"
                + "--d\r\n\r\nSubject: second\r\nFrom: b@list.example\r\n\r\ntwo\r\n--d--\r\n");

        assertThat(doc.get("text").isNull()).isTrue();
        assertThat(doc.get("attachments")).hasSize(2);
        assertThat(doc.get("attachments").get(0).get("forwarded").asBoolean()).isTrue();
        assertThat(doc.get("attachments").get(0).get("fileName").asText()).isEqualTo("first.eml");
        assertThat(doc.get("attachments").get(1).get("fileName").asText()).isEqualTo("second.eml");
    }

    @Test
    void utf7BodiesAndEncodedWordsAreDecoded() throws Exception {
        JsonNode doc = raw("Subject: =?unicode-1-1-utf-7?Q?Fr+APY-sche_Gr+APwA3w-e?=\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=\"unicode-1-1-utf-7\"\r\n\r\nFr+APY-sche Gr+APwA3w-e, 1+-1=2\r\n");

        assertThat(doc.get("subject").asText()).isEqualTo("Frösche Grüße");
        assertThat(lf(doc.get("text"))).isEqualTo("Frösche Grüße, 1+1=2\n");
        assertThat(doc.get("warnings")).isEmpty();
    }

    @Test
    void hebrewImplicitCharsetAndKoreanMicrosoftNameAreKnown() throws Exception {
        byte[] hebrew = "שלום".getBytes("ISO-8859-8");
        JsonNode doc = write(parse(concat(("Subject: h\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-8-i\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n").getBytes(StandardCharsets.US_ASCII), hebrew)), MimeLimits.defaults());
        assertThat(doc.get("text").asText()).isEqualTo("שלום");
        assertThat(doc.get("warnings")).isEmpty();
    }

    @Test
    void whatIsNoAddressKeepsItsTextAndDoesNotStopTheMessage() throws Exception {
        JsonNode doc = raw("From: foo\r\nTo: XX, ap@buyer.example\r\nCc: undisclosed-recipients:;\r\nSubject: spam\r\n\r\nbody\r\n");

        JsonNode from = single(doc.get("from"));
        assertThat(from.get("address").isNull()).isTrue();
        assertThat(from.get("name").asText()).isEqualTo("foo");
        assertThat(from.get("raw").asText()).isEqualTo("foo");
        assertThat(doc.get("to").get(0).get("raw").asText()).isEqualTo("XX");
        assertThat(doc.get("to").get(1).get("address").asText()).isEqualTo("ap@buyer.example");
        assertThat(doc.get("to").get(1).has("raw")).isFalse();
        assertThat(doc.get("cc")).isEmpty();
        assertThat(warnings(doc)).contains("From holds 'foo', which is not an address; kept as text");
    }

    @Test
    void rawLatin1HeaderBytesAreReadAsWindows1252WithAWarning() throws Exception {
        byte[] head = "Subject: Gr".getBytes(StandardCharsets.US_ASCII);
        JsonNode doc = write(parse(concat(head, new byte[] {(byte) 0xfc, (byte) 0xdf, 'e', ' ', (byte) 0x80, '\r', '\n', '\r', '\n',
                'x'})), MimeLimits.defaults());
        assertThat(doc.get("subject").asText()).isEqualTo("Grüße €");
        assertThat(warnings(doc)).contains("Subject header holds raw 8-bit bytes; read as windows-1252");
    }

    // --- delivery status notifications ---

    @Test
    void bounceCarriesAReportPerRecipientAndTheReturnedMessage() throws Exception {
        JsonNode doc = raw("From: MAILER-DAEMON@mx.example.com (Mail Delivery System)\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=r\r\n\r\n"
                + "--r\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you...\r\n"
                + "--r\r\nContent-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; mx.example.com\r\nArrival-Date: Mon,  4 Mar 2024 10:00:00 +0100\r\n\r\n"
                + "Final-Recipient: rfc822; bob@example.org\r\nOriginal-Recipient: rfc822;bob@example.org\r\nAction: failed\r\n"
                + "Status: 5.1.1\r\nRemote-MTA: dns; mx.example.org\r\nDiagnostic-Code: smtp; 550 5.1.1 <bob@example.org>:\r\n"
                + "    Recipient address rejected: User unknown\r\n\r\n"
                + "Final-Recipient: rfc822; carol@example.org\r\nAction: delayed\r\nStatus: 4.4.7\r\n\r\n"
                + "--r\r\nContent-Type: message/rfc822\r\n\r\n"
                + "Message-ID: <inv-7@buyer.example>\r\nSubject: Invoice 7\r\nFrom: ap@buyer.example\r\n\r\nInvoice 7\r\n--r--\r\n");

        JsonNode report = doc.get("report");
        assertThat(report.get("type").asText()).isEqualTo("delivery-status");
        assertThat(report.get("reportingMta").asText()).isEqualTo("dns; mx.example.com");
        assertThat(report.get("recipients")).hasSize(2);
        JsonNode bob = report.get("recipients").get(0);
        assertThat(bob.get("finalRecipient").asText()).isEqualTo("rfc822; bob@example.org");
        assertThat(bob.get("action").asText()).isEqualTo("failed");
        assertThat(bob.get("status").asText()).isEqualTo("5.1.1");
        assertThat(bob.get("remoteMta").asText()).isEqualTo("dns; mx.example.org");
        assertThat(bob.get("diagnosticCode").asText())
                .isEqualTo("smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown");
        assertThat(report.get("recipients").get(1).get("action").asText()).isEqualTo("delayed");
        assertThat(report.get("originalMessageId").asText()).isEqualTo("<inv-7@buyer.example>");
        assertThat(report.get("originalSubject").asText()).isEqualTo("Invoice 7");
        assertThat(doc.get("text").asText()).startsWith("I'm sorry");
    }

    @Test
    void ordinaryMailHasNoReport() throws Exception {
        assertThat(document("invoice-pdf.eml").get("report").isNull()).isTrue();
    }

    // --- helpers ---

    private static JsonNode document(String fixture) throws Exception {
        return document(fixture, MimeLimits.defaults());
    }

    private static JsonNode document(String fixture, MimeLimits limits) throws Exception {
        return write(load(fixture), limits);
    }

    private static JsonNode write(MimeMessage message, MimeLimits limits) throws Exception {
        return MimeFixtures.write(message, limits, ORIGIN);
    }

    private static MimeMessage load(String fixture) throws Exception {
        return MimeFixtures.load(fixture);
    }

    private static JsonNode raw(String message) throws Exception {
        return write(parse(message.getBytes(StandardCharsets.UTF_8)), MimeLimits.defaults());
    }

    private static String lf(JsonNode text) {
        return text.asText().replace("\r\n", "\n");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static MimeMessage parse(byte[] raw) throws MessagingException {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    private static String fixtureText(String fixture) throws IOException {
        try (InputStream in = MailDocumentWriterTest.class.getResourceAsStream("/mime/" + fixture)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static JsonNode single(JsonNode array) {
        assertThat(array).hasSize(1);
        return array.get(0);
    }

    private static byte[] content(JsonNode attachment) {
        return Base64.getDecoder().decode(attachment.get("content").asText());
    }

    private static List<String> addresses(JsonNode list) {
        List<String> result = new ArrayList<>();
        list.forEach(a -> result.add(a.get("name").isNull()
                ? a.get("address").asText()
                : a.get("name").asText() + " <" + a.get("address").asText() + ">"));
        return result;
    }

    private static List<String> warnings(JsonNode doc) {
        List<String> result = new ArrayList<>();
        doc.get("warnings").forEach(w -> result.add(w.asText()));
        return result;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
        assertThat(m.find()).as("field " + name + " in the last bytes written").isTrue();
        return m.group(1);
    }

    /** A message built the way a sender builds one, whose attachment is a stream generated on demand. */
    private static MimeMessage messageWithGeneratedAttachment(long size) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("big@supplier.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("ap@buyer.example"));
        message.setSubject("Large scan");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("A large scan is attached.", "us-ascii");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new DataHandler(new GeneratedDataSource(size)));
        attachment.setFileName("generated.bin");
        // set up front, else saveChanges reads the whole stream once to choose an encoding
        attachment.setHeader("Content-Transfer-Encoding", "base64");
        message.setContent(new MimeMultipart(text, attachment));
        message.saveChanges();
        return message;
    }

    private static String generatedSha256(long size) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = new GeneratedInput(size)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private record GeneratedDataSource(long size) implements DataSource {
        @Override
        public InputStream getInputStream() {
            return new GeneratedInput(size);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("read only");
        }

        @Override
        public String getContentType() {
            return "application/octet-stream";
        }

        @Override
        public String getName() {
            return "generated.bin";
        }
    }

    /** Deterministic pseudo-random bytes, produced as they are read and never held. */
    private static final class GeneratedInput extends InputStream {
        private long remaining;
        private long state = 0x9E3779B97F4A7C15L;

        GeneratedInput(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            for (int i = 0; i < n; i++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                buffer[offset + i] = (byte) state;
            }
            remaining -= n;
            return n;
        }
    }

    /** Discards what is written, counting it and keeping only the last few kilobytes to read the closing fields. */
    private static final class TailKeepingSink extends OutputStream {
        private final byte[] tail = new byte[4096];
        private int tailLength;
        private long count;
        private boolean closed;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            count += length;
            if (length >= tail.length) {
                System.arraycopy(bytes, offset + length - tail.length, tail, 0, tail.length);
                tailLength = tail.length;
                return;
            }
            int keep = Math.min(tailLength, tail.length - length);
            System.arraycopy(tail, tailLength - keep, tail, 0, keep);
            System.arraycopy(bytes, offset, tail, keep, length);
            tailLength = keep + length;
        }

        @Override
        public void close() {
            closed = true;
        }

        String tail() {
            return new String(tail, 0, tailLength, StandardCharsets.UTF_8);
        }
    }
}
