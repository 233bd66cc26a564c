package io.mailbridge.inbound;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.mailbridge.inbound.PartWalker.Piece;
import io.mailbridge.inbound.PartWalker.Role;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.util.DecodingException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes one MIME message as a JSON mail document, streaming every attachment through a base64 encoder so that no
 * attachment is ever held in memory whole. Holds no state between calls: one instance can serve every consumer thread.
 */
public final class MailDocumentWriter {

    /** Headers worth passing on: threading, loop and auto-reply detection, mailing lists. Not every header. */
    static final List<String> SELECTED_HEADERS = List.of(
            "Message-ID", "In-Reply-To", "References", "Return-Path", "Sender", "X-Mailer", "User-Agent",
            "Auto-Submitted", "X-Auto-Response-Suppress", "Precedence", "Content-Language", "List-Id",
            "List-Unsubscribe", "Importance", "X-Priority", "Thread-Topic", "Thread-Index");

    /** A text body above this stays an attachment: it becomes a Java string, and the heap may be 256 MB. */
    static final int TEXT_BODY_LIMIT = 8 * 1024 * 1024;

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

    /** The state of writing one message: its warnings and byte budget. */
    private final class Run {
        private final MimeMessage message;
        private final OutputStream out;
        private final List<String> warnings = new ArrayList<>();
        private final ByteBudget budget = new ByteBudget(limits.maxTotalBytes());

        Run(MimeMessage message, OutputStream out) {
            this.message = message;
            this.out = out;
        }

        void write(MailOrigin origin) throws MessagingException, IOException, UnreadableMailException {
            // structure and bodies first: a message over the depth or part limit is refused before any JSON is written
            PartWalker walker = new PartWalker(limits, warnings);
            List<Piece> pieces = walker.walk(message);
            String text = readBody(pieces, Role.TEXT, "text body");
            String html = readBody(pieces, Role.HTML, "HTML body");
            try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                json.writeStartObject();
                writeOrigin(json, origin);
                new EnvelopeWriter(message, warnings).write(json);
                writeHeaders(json);
                json.writeStringField("text", text);
                json.writeStringField("html", html);
                new AttachmentWriter(limits, warnings, budget, walker.partCount()).write(json, pieces);
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

        private void writeHeaders(JsonGenerator json) throws IOException, MessagingException {
            json.writeObjectFieldStart("headers");
            for (String name : SELECTED_HEADERS) {
                // the first occurrence is the one added last, by the server closest to us
                String value = message.getHeader(name, null);
                if (value != null) {
                    json.writeStringField(name, HeaderText.decode(HeaderText.noted(name, value, warnings)));
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
                report = DeliveryReport.read(in, returned == null ? null : PartContent.headerBlock(returned.part));
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
    }
}
