package io.mailbridge.inbound;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.ThreadMXBean;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.apache.poi.hmef.Attachment;
import org.apache.poi.hmef.HMEFMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** winmail.dat: kept as it is, and the files inside it unpacked with Apache POI's HMEF. */
class TnefUnpackingTest {

    // the content of a 25 MB winmail.dat is a longer string than Jackson reads by default
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(100_000_000).build())
            .build());
    private static final MailOrigin ORIGIN = new MailOrigin("sandbox-ap", "INBOX", 1700000000L, 43);

    // what the generator (Tnef below) put into tnef-with-file.eml
    private static final String OFFER_NAME = "Angebot Müller 2024.pdf";
    private static final String OFFER_SHA256 = "e9e7bcbe78851014cc4be1d350876ce316d9855825342d87e5d3295210c37def";
    private static final String NOTES_SHA256 = "d2824d06b6c7b3ef8c86f9ae1169ae26fe38aee5468a5461954e21e09cdb9658";
    private static final String WINMAIL_SHA256 = "de0fd00146e52924272d7b83cbfdf434d15abae6269c97f2f1591290f31885fa";
    private static final byte[] OFFER_PDF = ("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
            + "% Angebot 2024-117, Mueller GmbH\ntrailer << /Root 1 0 R >>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOTES_TXT = "Delivery on Friday, ramp 3.\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void fixtureHoldsARealTnefThatPoiReads() throws Exception {
        MimeMessage message = load("tnef-with-file.eml");
        MimeBodyPart winmail = (MimeBodyPart) ((MimeMultipart) message.getContent()).getBodyPart(1);

        List<Attachment> attachments;
        try (InputStream in = winmail.getInputStream()) {
            attachments = new HMEFMessage(in).getAttachments();
        }

        assertThat(attachments).hasSize(2);
        assertThat(attachments.get(0).getFilename()).isEqualTo("ANGEBO~1.PDF");
        assertThat(attachments.get(0).getLongFilename()).isEqualTo(OFFER_NAME);
        assertThat(attachments.get(0).getContents()).isEqualTo(OFFER_PDF);
        assertThat(attachments.get(1).getFilename()).isEqualTo("notes.txt");
        assertThat(attachments.get(1).getLongFilename()).isNull();
        assertThat(attachments.get(1).getContents()).isEqualTo(NOTES_TXT);
        // the generator is the one in this class
        assertThat(sha256(offerAndNotes())).isEqualTo(WINMAIL_SHA256);
    }

    @Test
    void winmailDatStaysAndEachFileInItBecomesAnAttachment() throws Exception {
        JsonNode doc = document("tnef-with-file.eml");

        assertThat(doc.get("text").asText()).isEqualTo("Please find our offer attached.");
        JsonNode attachments = doc.get("attachments");
        assertThat(attachments).hasSize(3);

        JsonNode winmail = attachments.get(0);
        assertThat(winmail.get("fileName").asText()).isEqualTo("winmail.dat");
        assertThat(winmail.get("contentType").asText()).isEqualTo("application/ms-tnef");
        assertThat(winmail.get("tnef").asBoolean()).isTrue();
        assertThat(winmail.get("size").asLong()).isEqualTo(371);
        assertThat(winmail.get("sha256").asText()).isEqualTo(WINMAIL_SHA256);
        assertThat(winmail.has("fromTnef")).isFalse();

        JsonNode offer = attachments.get(1);
        assertThat(offer.get("fileName").asText()).isEqualTo(OFFER_NAME);
        assertThat(offer.get("contentType").asText()).isEqualTo("application/pdf");
        assertThat(offer.get("disposition").asText()).isEqualTo("attachment");
        assertThat(offer.get("contentId").isNull()).isTrue();
        assertThat(offer.get("forwarded").asBoolean()).isFalse();
        assertThat(offer.get("tnef").asBoolean()).isFalse();
        assertThat(offer.get("fromTnef").asText()).isEqualTo("winmail.dat");
        assertThat(offer.get("size").asLong()).isEqualTo(110);
        assertThat(offer.get("sha256").asText()).isEqualTo(OFFER_SHA256);
        assertThat(sha256(content(offer))).isEqualTo(OFFER_SHA256);
        assertThat(content(offer)).isEqualTo(OFFER_PDF);

        JsonNode notes = attachments.get(2);
        // no long name in the TNEF: the 8.3 title is used
        assertThat(notes.get("fileName").asText()).isEqualTo("notes.txt");
        assertThat(notes.get("contentType").asText()).isEqualTo("text/plain");
        assertThat(notes.get("fromTnef").asText()).isEqualTo("winmail.dat");
        assertThat(notes.get("size").asLong()).isEqualTo(29);
        assertThat(notes.get("sha256").asText()).isEqualTo(NOTES_SHA256);
        assertThat(content(notes)).isEqualTo(NOTES_TXT);

        assertThat(doc.get("warnings")).isEmpty();
    }

    @Test
    void namesFromTheTnefAreCleanedAndDeduplicatedWithTheOtherAttachments() throws Exception {
        byte[] tnef = new Tnef()
                .file("..\\..\\Windows\\report.pdf", null, OFFER_PDF)
                .file("REPORT.PDF", null, OFFER_PDF)
                .file("", null, NOTES_TXT)
                .bytes();
        String eml = eml(tnef, "--b\nContent-Type: application/pdf; name=\"report.pdf\"\n\n%PDF-1.4 plain\n");

        JsonNode doc = write(parse(eml), MimeLimits.defaults());

        assertThat(doc.get("attachments")).extracting(a -> a.get("fileName").asText())
                .containsExactly("winmail.dat", "report.pdf", "REPORT (2).PDF", "attachment-4.bin", "report (3).pdf");
        assertThat(doc.get("attachments")).extracting(a -> a.path("fromTnef").asText(null))
                .containsExactly(null, "winmail.dat", "winmail.dat", "winmail.dat", null);
        assertThat(doc.get("attachments").get(3).get("contentType").asText()).isEqualTo("application/octet-stream");
        assertThat(warnings(doc)).containsExactly(
                "file name '..\\..\\Windows\\report.pdf' contained a path; kept 'report.pdf'",
                "file name 'REPORT.PDF' appears more than once; renamed to 'REPORT (2).PDF'",
                "attachment 4 has no file name; named it 'attachment-4.bin'",
                "file name 'report.pdf' appears more than once; renamed to 'report (3).pdf'");
    }

    @Test
    void tnefThatPoiCannotParseStaysAnAttachmentWithAWarning() throws Exception {
        byte[] whole = offerAndNotes();
        // cut inside the data of the first file
        byte[] truncated = Arrays.copyOf(whole, 150);

        JsonNode doc = write(parse(eml(truncated, "")), MimeLimits.defaults());

        JsonNode winmail = single(doc.get("attachments"));
        assertThat(winmail.get("fileName").asText()).isEqualTo("winmail.dat");
        assertThat(winmail.get("tnef").asBoolean()).isTrue();
        assertThat(content(winmail)).isEqualTo(truncated);
        assertThat(warnings(doc)).containsExactly("winmail.dat could not be unpacked: buffer underrun");
    }

    @Test
    void winmailDatThatIsNoTnefAtAllGetsAWarning() throws Exception {
        byte[] garbage = "this is not TNEF".getBytes(StandardCharsets.US_ASCII);

        JsonNode doc = write(parse(eml(garbage, "")), MimeLimits.defaults());

        assertThat(single(doc.get("attachments")).get("tnef").asBoolean()).isTrue();
        assertThat(warnings(doc)).singleElement().asString()
                .startsWith("winmail.dat could not be unpacked: TNEF signature not detected");
    }

    @Test
    void tnefAttachmentWithoutFileDataIsSkippedWithAWarning() throws Exception {
        byte[] tnef = new Tnef().file("Meeting.msg", null, null).file("notes.txt", null, NOTES_TXT).bytes();

        JsonNode doc = write(parse(eml(tnef, "")), MimeLimits.defaults());

        assertThat(doc.get("attachments")).extracting(a -> a.get("fileName").asText())
                .containsExactly("winmail.dat", "notes.txt");
        assertThat(warnings(doc)).containsExactly(
                "winmail.dat: 'Meeting.msg' holds no file data (an embedded Outlook item?); not unpacked");
    }

    @Test
    void unpackedFilesCountTowardsTheTotalByteLimit() throws Exception {
        // text body 31 bytes, winmail.dat 371, the PDF inside it 110, the notes 29: 541 in all
        assertThat(document("tnef-with-file.eml", new MimeLimits(10, 200, 541)).get("attachments")).hasSize(3);

        assertThatThrownBy(() -> document("tnef-with-file.eml", new MimeLimits(10, 200, 540)))
                .isInstanceOfSatisfying(UnreadableMailException.class, e -> assertThat(e.limitExceeded()).isTrue())
                .hasMessage("more than 540 bytes of decoded content (limit mailbridge.inbound.max-total-bytes)");
    }

    @Test
    void unpackedFilesCountTowardsThePartLimit() throws Exception {
        // the text body and winmail.dat, plus the two files inside it
        assertThat(document("tnef-with-file.eml", new MimeLimits(10, 4, 1_000_000)).get("attachments")).hasSize(3);

        assertThatThrownBy(() -> document("tnef-with-file.eml", new MimeLimits(10, 3, 1_000_000)))
                .isInstanceOfSatisfying(UnreadableMailException.class, e -> assertThat(e.limitExceeded()).isTrue())
                .hasMessage("more than 3 MIME parts, counting the files in winmail.dat (limit mailbridge.inbound.max-parts)");
    }

    @Test
    void compressedRtfIsNeverExpanded() throws Exception {
        // 2 MB of compressed RTF that POI would expand to 17 MB as soon as it parsed it
        byte[] tnef = new Tnef().rtfBody(128 * 1024).file("NOTES.TXT", null, NOTES_TXT)
                .fileWithRtf("ANGEBO~1.PDF", OFFER_NAME, OFFER_PDF, 128 * 1024).bytes();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        List<TnefFiles.File> files = TnefFiles.read(new ByteArrayInputStream(tnef), new ArrayList<>());
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(files).extracting(TnefFiles.File::content).containsExactly(NOTES_TXT, OFFER_PDF);
        // the attachment's long name went with the properties that held the RTF; its 8.3 title is left
        assertThat(files).extracting(TnefFiles.File::name).containsExactly("NOTES.TXT", "ANGEBO~1.PDF");
        // POI itself, given the same stream, expands both (17 MB each, in a growing buffer)
        long poiBefore = threads.getCurrentThreadAllocatedBytes();
        new HMEFMessage(new ByteArrayInputStream(tnef));
        long expanded = threads.getCurrentThreadAllocatedBytes() - poiBefore;
        System.out.printf("unpacking a %d-byte TNEF with two compressed RTF values allocated %d bytes; POI alone %d%n",
                tnef.length, allocated, expanded);
        assertThat(expanded).isGreaterThan(2L * 17 * 1024 * 1024);
        assertThat(allocated).as("bytes allocated while unpacking a %d-byte TNEF", tnef.length).isLessThan(expanded / 3);
    }

    @Test
    void tnefLargerThan25MegabytesIsNotUnpacked() throws Exception {
        byte[] big = new byte[(int) TnefFiles.MAX_TNEF_BYTES];
        Arrays.fill(big, (byte) 'x');
        byte[] tnef = new Tnef().file("big.txt", null, big).bytes();
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("user@exchange.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("ap@buyer.example"));
        message.setSubject("Large winmail.dat");
        MimeBodyPart winmail = new MimeBodyPart();
        winmail.setDataHandler(new DataHandler(new ByteArrayDataSource(tnef, "application/ms-tnef")));
        winmail.setFileName("winmail.dat");
        winmail.setHeader("Content-Transfer-Encoding", "base64");
        message.setContent(new MimeMultipart(winmail));
        message.saveChanges();

        JsonNode doc = write(message, MimeLimits.defaults());

        JsonNode attachment = single(doc.get("attachments"));
        assertThat(attachment.get("tnef").asBoolean()).isTrue();
        assertThat(attachment.get("size").asLong()).isEqualTo(tnef.length);
        assertThat(warnings(doc)).containsExactly("winmail.dat is larger than 25 MB; the files in it were not unpacked");
    }

    // --- helpers ---

    private static byte[] offerAndNotes() {
        return new Tnef().file("ANGEBO~1.PDF", OFFER_NAME, OFFER_PDF).file("notes.txt", null, NOTES_TXT).bytes();
    }

    /** A message with a text body, {@code tnef} as winmail.dat, and {@code moreParts} (each starting "--b"). */
    private static String eml(byte[] tnef, String moreParts) {
        return "From: user@exchange.example\nTo: ap@buyer.example\nSubject: Outlook\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\n\n"
                + "--b\nContent-Type: text/plain; charset=us-ascii\n\nSee attachment.\n"
                + "--b\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\nContent-Transfer-Encoding: base64\n"
                + "Content-Disposition: attachment; filename=\"winmail.dat\"\n\n"
                + Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(tnef) + "\n"
                + moreParts + "--b--\n";
    }

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

    private static MimeMessage parse(String eml) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(eml.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode single(JsonNode array) {
        assertThat(array).hasSize(1);
        return array.get(0);
    }

    private static byte[] content(JsonNode attachment) {
        return Base64.getDecoder().decode(attachment.get("content").asText());
    }

    private static List<String> warnings(JsonNode doc) {
        List<String> result = new ArrayList<>();
        doc.get("warnings").forEach(w -> result.add(w.asText()));
        return result;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /**
     * Writes a TNEF stream as Outlook does (MS-OXTNEF): the signature 0x223E9F78 and a key, then attributes, each a
     * level byte (1 message, 2 attachment), the attribute id (type << 16 | id), the data length, the data and a
     * checksum (the sum of the data bytes mod 65536), all little-endian. Generated tnef-with-file.eml.
     */
    static final class Tnef {
        private static final int ATT_TNEF_VERSION = 0x00089006;
        private static final int ATT_OEM_CODEPAGE = 0x00069007;
        private static final int ATT_ATTACH_REND_DATA = 0x00069002;
        private static final int ATT_ATTACH_TITLE = 0x00018010;
        private static final int ATT_ATTACH_DATA = 0x0006800F;
        private static final int ATT_ATTACHMENT = 0x00069005;
        private static final int PT_UNICODE = 0x001F;
        private static final int PR_ATTACH_LONG_FILENAME = 0x3707;
        private static final int ATT_MESSAGE_PROPS = 0x00069003;
        private static final int PT_BINARY = 0x0102;
        private static final int PR_RTF_COMPRESSED = 0x1009;

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Tnef() {
            le(out, 0x223E9F78, 4);
            le(out, 0x0001, 2);
            attribute(1, ATT_TNEF_VERSION, new byte[] {0x00, 0x00, 0x01, 0x00});
            // code page 1252
            attribute(1, ATT_OEM_CODEPAGE, new byte[] {(byte) 0xE4, 0x04, 0, 0, 0, 0, 0, 0});
        }

        /** An attachment named {@code title} (8.3), with an optional long name as a MAPI property; no data if null. */
        Tnef file(String title, String longName, byte[] data) {
            // attachment type 1 (file), position -1, no rendering
            attribute(2, ATT_ATTACH_REND_DATA, new byte[] {1, 0, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0});
            attribute(2, ATT_ATTACH_TITLE, (title + "\0").getBytes(StandardCharsets.ISO_8859_1));
            if (data != null) {
                attribute(2, ATT_ATTACH_DATA, data);
            }
            if (longName != null) {
                ByteArrayOutputStream properties = new ByteArrayOutputStream();
                le(properties, 1, 4);
                longName(properties, longName);
                attribute(2, ATT_ATTACHMENT, properties.toByteArray());
            }
            return this;
        }

        /**
         * The message's MAPI properties with a PR_RTF_COMPRESSED body that expands about eight times: {@code groups}
         * runs of a control byte and eight dictionary references of 17 bytes each (MS-OXRTFCP).
         */
        Tnef rtfBody(int groups) {
            attribute(1, ATT_MESSAGE_PROPS, rtfProperty(groups));
            return this;
        }

        /** A file whose attachment properties hold compressed RTF as well as its long name, as an embedded item's do. */
        Tnef fileWithRtf(String title, String longName, byte[] data, int groups) {
            attribute(2, ATT_ATTACH_REND_DATA, new byte[] {1, 0, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0});
            attribute(2, ATT_ATTACH_TITLE, (title + "\0").getBytes(StandardCharsets.ISO_8859_1));
            attribute(2, ATT_ATTACH_DATA, data);
            byte[] rtf = rtfProperty(groups);
            ByteArrayOutputStream properties = new ByteArrayOutputStream();
            le(properties, 2, 4);
            properties.write(rtf, 4, rtf.length - 4);
            longName(properties, longName);
            attribute(2, ATT_ATTACHMENT, properties.toByteArray());
            return this;
        }

        /** PR_ATTACH_LONG_FILENAME as one entry of a MAPI property list. */
        private static void longName(ByteArrayOutputStream properties, String longName) {
            byte[] name = (longName + "\0").getBytes(StandardCharsets.UTF_16LE);
            le(properties, PT_UNICODE, 2);
            le(properties, PR_ATTACH_LONG_FILENAME, 2);
            le(properties, 1, 4);
            le(properties, name.length, 4);
            properties.writeBytes(name);
            for (int i = name.length; i % 4 != 0; i++) {
                properties.write(0);
            }
        }

        /** A MAPI property list holding one PR_RTF_COMPRESSED value. */
        private static byte[] rtfProperty(int groups) {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            for (int g = 0; g < groups; g++) {
                compressed.write(0xFF);
                for (int r = 0; r < 8; r++) {
                    // offset 0, length 15 + 2: big-endian, as the format has it
                    compressed.write(0x00);
                    compressed.write(0x0F);
                }
            }
            byte[] body = compressed.toByteArray();
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            le(value, body.length + 12, 4);
            le(value, (long) groups * 8 * 17, 4);
            le(value, 0x75465A4C, 4);
            le(value, 0, 4);
            value.writeBytes(body);
            byte[] rtf = value.toByteArray();
            ByteArrayOutputStream properties = new ByteArrayOutputStream();
            le(properties, 1, 4);
            le(properties, PT_BINARY, 2);
            le(properties, PR_RTF_COMPRESSED, 2);
            le(properties, 1, 4);
            le(properties, rtf.length, 4);
            properties.writeBytes(rtf);
            for (int i = rtf.length; i % 4 != 0; i++) {
                properties.write(0);
            }
            return properties.toByteArray();
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void attribute(int level, int id, byte[] data) {
            out.write(level);
            le(out, id, 4);
            le(out, data.length, 4);
            out.writeBytes(data);
            int sum = 0;
            for (byte b : data) {
                sum += b & 0xff;
            }
            le(out, sum & 0xffff, 2);
        }

        private static void le(ByteArrayOutputStream to, long value, int bytes) {
            for (int i = 0; i < bytes; i++) {
                to.write((int) (value >>> (8 * i)) & 0xff);
            }
        }
    }
}
