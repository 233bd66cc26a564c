package io.mailbridge.inbound;

import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import java.io.IOException;
import java.text.ParseException;
import java.util.Date;
import java.util.List;

/** Writes the envelope fields of one mail document: Message-ID, subject, the address headers and the date. */
final class EnvelopeWriter {

    private static final ThreadLocal<MailDateFormat> DATES = ThreadLocal.withInitial(MailDateFormat::new);

    private final MimeMessage message;
    private final List<String> warnings;

    EnvelopeWriter(MimeMessage message, List<String> warnings) {
        this.message = message;
        this.warnings = warnings;
    }

    void write(JsonGenerator json) throws IOException, MessagingException {
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

    private static void writeAddress(JsonGenerator json, String name, String address, String raw) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", name);
        json.writeStringField("address", address);
        if (raw != null) {
            json.writeStringField("raw", raw);
        }
        json.writeEndObject();
    }

    private String noted(String name, String value) {
        return HeaderText.noted(name, value, warnings);
    }
}
