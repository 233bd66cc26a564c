package io.mailbridge.inbound;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.mailbridge.inbound.PartWalker.Piece;
import io.mailbridge.inbound.PartWalker.Role;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.eclipse.angus.mail.util.DecodingException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLConnection;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * Writes one MIME message as a JSON mail document, streaming every attachment through a base64 encoder so that no
 * attachment is ever held in memory whole. Holds no state between calls: one instance can serve every consumer thread.
 */
public final class MailDocumentWriter {

    private static final ThreadLocal<MailDateFormat> DATES = ThreadLocal.withInitial(MailDateFormat::new);

    /** Headers worth passing on: threading, loop and auto-reply detection, mailing lists. Not every header. */
    static final List<String> SELECTED_HEADERS = List.of(
            "Message-ID", "In-Reply-To", "References", "Return-Path", "Sender", "X-Mailer", "User-Agent",
            "Auto-Submitted", "X-Auto-Response-Suppress", "Precedence", "Content-Language", "List-Id",
            "List-Unsubscribe", "Importance", "X-Priority", "Thread-Topic", "Thread-Index");

    /** A text body above this stays an attachment: it becomes a Java string, and the heap may be 256 MB. */
    static final int TEXT_BODY_LIMIT = 8 * 1024 * 1024;

    /** The first bytes of every TNEF stream (winmail.dat): 0x223E9F78 little-endian. */
    private static final byte[] TNEF_SIGNATURE = {0x78, (byte) 0x9F, 0x3E, 0x22};

    /** Enough for any honest header block of a forwarded message; the rest is not needed to name it. */
    private static final int FORWARDED_HEADER_BYTES = 64 * 1024;

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            // after a failure the caller discards the output; closing must not dress it up as a complete document
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();

    private final MimeLimits limits;

    public MailDocumentWriter(MimeLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Writes the document as UTF-8 JSON to {@code out}. Throws UnreadableMailException for unparseable MIME or limits
     * exceeded; IOException only for I/O on {@code out} or reading the message. On exception, what was written to
     * {@code out} must be discarded by the caller.
     */
    public void write(MimeMessage message, MailOrigin origin, OutputStream out) throws UnreadableMailException, IOException {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(out, "out");
        try {
            new Run(message, out).write(origin);
        } catch (ByteBudget.Exceeded e) {
            throw new UnreadableMailException(e.getMessage(), true);
        } catch (DecodingException e) {
            throw new UnreadableMailException("content cannot be decoded: " + e.getMessage(), e);
        } catch (MessagingException e) {
            if (PartContent.isConnectionLoss(e)) {
                throw new IOException("reading the message failed: " + e.getMessage(), e);
            }
            throw new UnreadableMailException("MIME structure cannot be parsed: " + e.getMessage(), e);
        }
    }

    /** The state of writing one message: its warnings, byte budget and the file names already given. */
    private final class Run {
        private final MimeMessage message;
        private final OutputStream out;
        private final List<String> warnings = new ArrayList<>();
        private final ByteBudget budget = new ByteBudget(limits.maxTotalBytes());
        private final FileNames fileNames = new FileNames(warnings);
        /** Parts counted against the part limit: the MIME parts, then every file unpacked from a TNEF. */
        private int partCount;

        Run(MimeMessage message, OutputStream out) {
            this.message = message;
            this.out = out;
        }

        void write(MailOrigin origin) throws MessagingException, IOException, UnreadableMailException {
            // structure and bodies first: a message over the depth or part limit is refused before any JSON is written
            PartWalker walker = new PartWalker(limits, warnings);
            List<Piece> pieces = walker.walk(message);
            partCount = walker.partCount();
            String text = readBody(pieces, Role.TEXT, "text body");
            String html = readBody(pieces, Role.HTML, "HTML body");
            try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                json.writeStartObject();
                writeOrigin(json, origin);
                writeEnvelope(json);
                writeHeaders(json);
                json.writeStringField("text", text);
                json.writeStringField("html", html);
                writeAttachments(json, pieces);
                writeReport(json, pieces);
                json.writeArrayFieldStart("warnings");
                for (String warning : warnings) {
                    json.writeString(warning);
                }
                json.writeEndArray();
                json.writeEndObject();
            }
        }

        private void writeOrigin(JsonGenerator json, MailOrigin origin) throws IOException {
            json.writeStringField("id", origin.id());
            json.writeStringField("mailbox", origin.mailbox());
            json.writeStringField("folder", origin.folder());
            json.writeNumberField("uidValidity", origin.uidValidity());
            json.writeNumberField("uid", origin.uid());
        }

        private void writeEnvelope(JsonGenerator json) throws IOException, MessagingException {
            json.writeStringField("messageId", HeaderText.decode(noted("Message-ID", message.getHeader("Message-ID", null))));
            json.writeStringField("subject", HeaderText.decode(noted("Subject", message.getHeader("Subject", null))));
            writeAddresses(json, "from", "From");
            writeAddresses(json, "to", "To");
            writeAddresses(json, "cc", "Cc");
            writeAddresses(json, "replyTo", "Reply-To");
            json.writeStringField("date", sentDate());
        }

        private String sentDate() throws MessagingException {
            String raw = message.getHeader("Date", null);
            if (raw == null) {
                return null;
            }
            Date date;
            try {
                // a parser per thread: MimeMessage.getSentDate shares one and locks it, which serializes the messages
                // that go through the route at once
                date = DATES.get().parse(raw);
            } catch (ParseException e) {
                date = null;
            }
            if (date == null) {
                warnings.add("Date header '" + raw.strip() + "' cannot be read; date left empty");
                return null;
            }
            return date.toInstant().toString();
        }

        /**
         * Writes the addresses of one header. What cannot be read as an address (spam's {@code From: foo}, a
         * {@code To: XX}, an unbalanced quote) is kept as text: address null, the text as name and as {@code raw}. It
         * never stops the message.
         */
        private void writeAddresses(JsonGenerator json, String field, String header) throws IOException, MessagingException {
            json.writeArrayFieldStart(field);
            String raw = message.getHeader(header, ",");
            if (raw != null) {
                // parse before RFC 2047 decoding: a decoded display name may contain commas and angle brackets
                String repaired = HeaderText.repairRawUtf8(noted(header, MimeUtility.unfold(raw)));
                try {
                    for (InternetAddress address : InternetAddress.parseHeader(repaired, false)) {
                        writeAddress(json, header, address);
                    }
                } catch (AddressException e) {
                    warnings.add(header + " header cannot be parsed as addresses; kept as written");
                    String text = HeaderText.decode(repaired);
                    writeAddress(json, text, null, text);
                }
            }
            json.writeEndArray();
        }

        private void writeAddress(JsonGenerator json, String header, InternetAddress address)
                throws IOException, AddressException {
            if (address.isGroup()) {
                // "Team: a@x, b@y;" lists its members; "undisclosed-recipients:;" lists none
                for (InternetAddress member : address.getGroup(false)) {
                    writeAddress(json, header, member);
                }
                return;
            }
            String name = HeaderText.decode(address.getPersonal());
            name = name == null || name.isEmpty() ? null : name;
            String spec = withoutSourceRoute(address.getAddress());
            if (!isAddress(spec)) {
                String text = HeaderText.decode(address.toUnicodeString());
                warnings.add(header + " holds '" + text + "', which is not an address; kept as text");
                writeAddress(json, name != null ? name : HeaderText.decode(spec), null, text);
                return;
            }
            writeAddress(json, name, spec, null);
        }

        /** RFC 5322 4.4: an obsolete route ("@relay.example:user@host.example") names the same mailbox. */
        private static String withoutSourceRoute(String spec) {
            int colon = spec == null ? -1 : spec.indexOf(':');
            return spec != null && spec.startsWith("@") && colon > 0 ? spec.substring(colon + 1) : spec;
        }

        /** One @ between a local part and a domain; a quoted local part may hold more. */
        private static boolean isAddress(String spec) {
            if (spec == null) {
                return false;
            }
            int at = spec.lastIndexOf('@');
            return at > 0 && at < spec.length() - 1 && (spec.indexOf('@') == at || spec.startsWith("\""));
        }

        private void writeAddress(JsonGenerator json, String name, String address, String raw) throws IOException {
            json.writeStartObject();
            json.writeStringField("name", name);
            json.writeStringField("address", address);
            if (raw != null) {
                json.writeStringField("raw", raw);
            }
            json.writeEndObject();
        }

        /**
         * The header's value as it is, after noting once in {@code warnings} that it holds raw 8-bit bytes, which
         * {@link HeaderText} reads as UTF-8, else windows-1252.
         */
        private String noted(String name, String value) {
            String charset = value == null ? null : HeaderText.rawEightBitCharset(value);
            if (charset != null) {
                String warning = name + " header holds raw 8-bit bytes; read as " + charset;
                if (!warnings.contains(warning)) {
                    warnings.add(warning);
                }
            }
            return value;
        }

        private void writeHeaders(JsonGenerator json) throws IOException, MessagingException {
            json.writeObjectFieldStart("headers");
            for (String name : SELECTED_HEADERS) {
                // the first occurrence is the one added last, by the server closest to us
                String value = message.getHeader(name, null);
                if (value != null) {
                    json.writeStringField(name, HeaderText.decode(noted(name, value)));
                }
            }
            json.writeEndObject();
        }

        /**
         * Reads the pieces of {@code role} into one string, in order, one line break between two pieces: what a mail
         * client shows one after the other. Null when there is no such piece; "" when they are all empty. A body that
         * would pass {@link #TEXT_BODY_LIMIT} keeps its pieces as attachments instead.
         */
        private String readBody(List<Piece> pieces, Role role, String label) throws MessagingException, IOException {
            List<Piece> parts = pieces.stream().filter(p -> p.role == role).toList();
            if (parts.isEmpty()) {
                return null;
            }
            List<String> readWarnings = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            long length = 0;
            for (Piece piece : parts) {
                byte[] bytes;
                try (InputStream in = PartContent.open(piece.part, label, readWarnings)) {
                    bytes = in.readNBytes((int) (TEXT_BODY_LIMIT - length + 1));
                }
                length += bytes.length;
                if (length > TEXT_BODY_LIMIT) {
                    parts.forEach(p -> p.role = Role.ATTACHMENT);
                    warnings.add(label + " is larger than " + TEXT_BODY_LIMIT / (1024 * 1024) + " MB; kept as "
                            + (parts.size() == 1 ? "an attachment" : parts.size() + " attachments"));
                    return null;
                }
                budget.charge(bytes.length);
                if (!body.isEmpty()) {
                    body.append('\n');
                }
                body.append(CharsetFallback.decode(bytes, piece.type.charset(), label, readWarnings));
            }
            warnings.addAll(readWarnings);
            return body.toString();
        }

        private void writeAttachments(JsonGenerator json, List<Piece> pieces)
                throws IOException, MessagingException, UnreadableMailException {
            json.writeArrayFieldStart("attachments");
            int index = 0;
            for (Piece piece : pieces) {
                if (piece.role == Role.ATTACHMENT || piece.role == Role.FORWARDED) {
                    index = writeAttachment(json, piece, index + 1);
                }
            }
            json.writeEndArray();
        }

        /**
         * Writes attachment number {@code index} and, if it is a TNEF, the files inside it after it; returns the
         * number of the last attachment written.
         */
        private int writeAttachment(JsonGenerator json, Piece piece, int index)
                throws IOException, MessagingException, UnreadableMailException {
            boolean forwarded = piece.role == Role.FORWARDED;
            String declared = PartHeaders.fileName(piece.part);
            String subject = forwarded && declared == null ? forwardedSubject(piece) : null;
            String fileName = fileNames.assign(declared, subject, piece.type.baseType(), index);
            String contentId = PartHeaders.contentId(piece.part);
            String disposition = PartHeaders.disposition(piece.part);

            json.writeStartObject();
            json.writeStringField("fileName", fileName);
            json.writeStringField("contentType", forwarded ? "message/rfc822" : piece.type.describe());
            json.writeStringField("disposition", disposition != null ? disposition : contentId != null ? "inline" : "attachment");
            json.writeStringField("contentId", contentId);
            json.writeBooleanField("forwarded", forwarded);
            json.writeFieldName("content");
            MeteredInput content;
            try (InputStream decoded = PartContent.open(piece.part, "attachment '" + fileName + "'", warnings)) {
                content = new MeteredInput(decoded, budget);
                json.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, content, -1);
            }
            json.writeNumberField("size", content.size());
            json.writeStringField("sha256", content.sha256Hex());
            boolean tnef = isTnef(piece, declared, content);
            json.writeBooleanField("tnef", tnef);
            json.writeEndObject();
            if (!tnef || forwarded) {
                return index;
            }
            if (content.size() > TnefFiles.MAX_TNEF_BYTES) {
                warnings.add(fileName + " is larger than " + TnefFiles.MAX_TNEF_BYTES / (1024 * 1024)
                        + " MB; the files in it were not unpacked");
                return index;
            }
            return writeTnefFiles(json, piece, fileName, index);
        }

        /**
         * Unpacks the TNEF attachment {@code tnefName} by reading its part a second time, and writes each file in it
         * as an attachment of its own. A TNEF that cannot be parsed stays as it is, with a warning.
         */
        private int writeTnefFiles(JsonGenerator json, Piece piece, String tnefName, int index)
                throws IOException, MessagingException, UnreadableMailException {
            List<String> skipped = new ArrayList<>();
            List<TnefFiles.File> files;
            // warnings about damaged encoding were given on the first read
            try (InputStream decoded = PartContent.open(piece.part, tnefName, new ArrayList<>())) {
                files = TnefFiles.read(decoded, skipped);
            } catch (TnefFiles.Unreadable e) {
                warnings.add(tnefName + " could not be unpacked: " + e.getMessage());
                return index;
            }
            for (String name : skipped) {
                warnings.add(tnefName + ": " + name + " holds no file data (an embedded Outlook item?); not unpacked");
            }
            // checked before writing any, so a TNEF with a million files is refused without writing them
            partCount += files.size();
            if (partCount > limits.maxParts()) {
                throw new UnreadableMailException("more than " + limits.maxParts() + " MIME parts, counting the files in "
                        + tnefName + " (limit " + MimeLimits.MAX_PARTS_PROPERTY + ")", true);
            }
            for (TnefFiles.File file : files) {
                writeTnefFile(json, file, tnefName, ++index);
            }
            return index;
        }

        private void writeTnefFile(JsonGenerator json, TnefFiles.File file, String tnefName, int index)
                throws IOException {
            String fileName = fileNames.assign(file.name(), null, "application/octet-stream", index);
            String guessed = URLConnection.guessContentTypeFromName(fileName);
            String contentType = guessed != null ? guessed : "application/octet-stream";

            json.writeStartObject();
            json.writeStringField("fileName", fileName);
            json.writeStringField("contentType", contentType);
            json.writeStringField("disposition", "attachment");
            json.writeNullField("contentId");
            json.writeBooleanField("forwarded", false);
            json.writeFieldName("content");
            // already in memory, as POI holds the whole TNEF; metered for the hash and the message's byte budget
            MeteredInput content = new MeteredInput(new ByteArrayInputStream(file.content()), budget);
            json.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, content, file.content().length);
            json.writeNumberField("size", content.size());
            json.writeStringField("sha256", content.sha256Hex());
            // a TNEF inside a TNEF is flagged, not unpacked
            json.writeBooleanField("tnef", "winmail.dat".equalsIgnoreCase(fileName) || content.startsWith(TNEF_SIGNATURE));
            json.writeStringField("fromTnef", tnefName);
            json.writeEndObject();
        }

        /** The Subject of a forwarded message, read from its header block only. */
        private String forwardedSubject(Piece piece) throws IOException, MessagingException {
            return HeaderText.decode(headerBlock(piece).getHeader("Subject", null));
        }

        /** The header block of a forwarded message or of a {@code text/rfc822-headers} part. */
        private InternetHeaders headerBlock(Piece piece) throws IOException, MessagingException {
            byte[] head;
            try (InputStream in = PartContent.open(piece.part, "forwarded message", new ArrayList<>())) {
                head = in.readNBytes(FORWARDED_HEADER_BYTES);
            }
            return new InternetHeaders(new ByteArrayInputStream(head));
        }

        /**
         * For a delivery status notification, {@code report}: what happened to each recipient and which message it
         * is about; null for any other mail. The status part and the returned message stay attachments as well.
         */
        private void writeReport(JsonGenerator json, List<Piece> pieces) throws IOException, MessagingException {
            Piece status = pieces.stream().filter(p -> p.reported && (p.type.is("message/delivery-status")
                    || p.type.is("message/global-delivery-status"))).findFirst().orElse(null);
            if (status == null) {
                json.writeNullField("report");
                return;
            }
            Piece returned = pieces.stream().filter(p -> p.reported && (p.role == Role.FORWARDED
                    || p.type.is("text/rfc822-headers"))).findFirst().orElse(null);
            DeliveryReport report;
            try (InputStream in = PartContent.open(status.part, "delivery status", new ArrayList<>())) {
                report = DeliveryReport.read(in, returned == null ? null : headerBlock(returned));
            }
            json.writeObjectFieldStart("report");
            json.writeStringField("type", "delivery-status");
            json.writeStringField("reportingMta", report.reportingMta());
            json.writeArrayFieldStart("recipients");
            for (DeliveryReport.Recipient recipient : report.recipients()) {
                json.writeStartObject();
                json.writeStringField("finalRecipient", recipient.finalRecipient());
                json.writeStringField("originalRecipient", recipient.originalRecipient());
                json.writeStringField("action", recipient.action());
                json.writeStringField("status", recipient.status());
                json.writeStringField("diagnosticCode", recipient.diagnosticCode());
                json.writeStringField("remoteMta", recipient.remoteMta());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeStringField("originalMessageId", report.originalMessageId());
            json.writeStringField("originalSubject", report.originalSubject());
            json.writeEndObject();
        }

        /** Identification only: by type, by Outlook's file name, or by the signature when both were lost. */
        private boolean isTnef(Piece piece, String declaredName, MeteredInput content) {
            String type = piece.type.baseType();
            String cleanName = declaredName == null ? null : FileNames.clean(declaredName);
            return type.equals("application/ms-tnef") || type.equals("application/vnd.ms-tnef")
                    || "winmail.dat".equalsIgnoreCase(cleanName)
                    || content.startsWith(TNEF_SIGNATURE);
        }
    }
}
