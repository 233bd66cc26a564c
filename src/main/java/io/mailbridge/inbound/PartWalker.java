package io.mailbridge.inbound;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.ParseException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Walks a message's MIME tree once, before anything is written, enforcing the depth and part limits and deciding
 * what each leaf becomes, the way a mail client displays it: the body is the preferred alternative of each
 * {@code multipart/alternative} and every inline text or HTML part of the other multiparts, in order; only parts with
 * a file name, an {@code attachment} disposition or a type that is not text or HTML are attachments. Reads no content.
 */
final class PartWalker {

    enum Role { TEXT, HTML, ATTACHMENT, FORWARDED }

    /** One leaf of the tree and what it becomes; the writer may demote a body that is too large to an attachment. */
    static final class Piece {
        final MimePart part;
        final PartHeaders.MediaType type;
        Role role;
        /** Inside a {@code multipart/report} of delivery status: the status fields, or the returned message. */
        final boolean reported;

        Piece(MimePart part, PartHeaders.MediaType type, Role role, boolean reported) {
            this.part = part;
            this.type = type;
            this.role = role;
            this.reported = reported;
        }
    }

    /** Which bodies a branch of the tree may contribute to: an alternative chosen only for its text, say. */
    private enum Wanted {
        BOTH, TEXT_ONLY, HTML_ONLY;

        boolean text() {
            return this != HTML_ONLY;
        }

        boolean html() {
            return this != TEXT_ONLY;
        }
    }

    private final MimeLimits limits;
    private final List<String> warnings;
    private final List<Piece> pieces = new ArrayList<>();
    private int partCount;

    PartWalker(MimeLimits limits, List<String> warnings) {
        this.limits = limits;
        this.warnings = warnings;
    }

    /** The leaves in document order. */
    List<Piece> walk(MimeMessage message) throws MessagingException, IOException, UnreadableMailException {
        visit(message, PartHeaders.mediaType(message, warnings), 0, Wanted.BOTH, false);
        return pieces;
    }

    /** The parts counted against {@link MimeLimits#maxParts()} by {@link #walk}: every child of every multipart. */
    int partCount() {
        return partCount;
    }

    private void visit(MimePart part, PartHeaders.MediaType type, int depth, Wanted wanted, boolean inReport)
            throws MessagingException, IOException, UnreadableMailException {
        if (!type.baseType().startsWith("multipart/")) {
            Role role = roleOf(part, type);
            if ((role == Role.TEXT && !wanted.text()) || (role == Role.HTML && !wanted.html())) {
                // the other alternative's rendering of the same content
                return;
            }
            pieces.add(new Piece(part, type, role, inReport));
            return;
        }
        if (depth + 1 > limits.maxDepth()) {
            throw new UnreadableMailException("nesting deeper than " + limits.maxDepth() + " levels (limit "
                    + MimeLimits.MAX_DEPTH_PROPERTY + ")", true);
        }
        Multipart multipart = multipartOf(part);
        int count = multipart.getCount();
        partCount += count;
        // checked before visiting, so a multipart with a million empty parts is refused without walking them
        if (partCount > limits.maxParts()) {
            throw new UnreadableMailException("more than " + limits.maxParts() + " MIME parts (limit "
                    + MimeLimits.MAX_PARTS_PROPERTY + ")", true);
        }
        List<MimePart> children = new ArrayList<>(count);
        List<PartHeaders.MediaType> types = new ArrayList<>(count);
        boolean digest = type.is("multipart/digest");
        for (int i = 0; i < count; i++) {
            MimePart child = (MimePart) multipart.getBodyPart(i);
            children.add(child);
            // RFC 2046 5.1.5: in a digest, a part without Content-Type is a message
            types.add(digest && child.getHeader("Content-Type", null) == null
                    ? new PartHeaders.MediaType("message/rfc822", null)
                    : PartHeaders.mediaType(child, warnings));
        }
        boolean report = inReport || isDeliveryReport(part);
        if (type.is("multipart/alternative")) {
            visitAlternatives(children, types, depth, wanted, report);
            return;
        }
        for (int i = 0; i < count; i++) {
            visit(children.get(i), types.get(i), depth + 1, wanted, report);
        }
    }

    /**
     * RFC 2046 5.1.4: alternatives come in increasing order of preference, so the text body is the last alternative
     * that holds plain text and the HTML body the last that holds HTML. Alternatives not chosen contribute nothing.
     */
    private void visitAlternatives(List<MimePart> children, List<PartHeaders.MediaType> types, int depth, Wanted wanted,
                                   boolean inReport) throws MessagingException, IOException, UnreadableMailException {
        int text = -1;
        int html = -1;
        for (int i = 0; i < children.size(); i++) {
            if (wanted.text() && holds(children.get(i), types.get(i), "text/plain", 0)) {
                text = i;
            }
            if (wanted.html() && holds(children.get(i), types.get(i), "text/html", 0)) {
                html = i;
            }
        }
        if (text < 0 && html < 0) {
            // nothing a reader could display (a calendar, an unknown rendering): the last is the preferred one, kept
            // as an attachment so that its content is not lost
            if (!children.isEmpty()) {
                int last = children.size() - 1;
                visit(children.get(last), types.get(last), depth + 1, wanted, inReport);
            }
            return;
        }
        if (text == html) {
            visit(children.get(text), types.get(text), depth + 1, wanted, inReport);
            return;
        }
        // in document order, so the attachments of both come out in the order they were written
        int first = text < 0 ? html : html < 0 ? text : Math.min(text, html);
        int second = first == text ? html : text;
        visit(children.get(first), types.get(first), depth + 1, first == text ? Wanted.TEXT_ONLY : Wanted.HTML_ONLY, inReport);
        if (second >= 0) {
            visit(children.get(second), types.get(second), depth + 1, second == text ? Wanted.TEXT_ONLY : Wanted.HTML_ONLY,
                    inReport);
        }
    }

    /** Whether this part is, or contains, an inline body part of the given type. */
    private boolean holds(MimePart part, PartHeaders.MediaType type, String bodyType, int depth)
            throws MessagingException, IOException, UnreadableMailException {
        if (!type.baseType().startsWith("multipart/")) {
            return type.is(bodyType) && !isAttached(part);
        }
        if (depth + 1 > limits.maxDepth()) {
            // the walk itself refuses it with the reason
            return false;
        }
        Multipart multipart = multipartOf(part);
        for (int i = 0; i < multipart.getCount(); i++) {
            MimePart child = (MimePart) multipart.getBodyPart(i);
            if (holds(child, PartHeaders.mediaType(child, new ArrayList<>()), bodyType, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Parsed and IMAP messages give a data source to parse; a message built in memory holds its Multipart object. */
    private static Multipart multipartOf(MimePart part) throws MessagingException, IOException, UnreadableMailException {
        Object content;
        try {
            content = part.getContent();
        } catch (IOException e) {
            if (e.getCause() instanceof MessagingException cause && !PartContent.isConnectionLoss(cause)) {
                // Jakarta's multipart handler wraps its parse errors (e.g. a malformed boundary parameter)
                throw new UnreadableMailException("multipart cannot be parsed: " + cause.getMessage(), cause);
            }
            throw e;
        }
        if (content instanceof Multipart multipart) {
            return multipart;
        }
        // no mailcap entry for multipart in this class loader: parse the data source ourselves
        return new MimeMultipart(part.getDataHandler().getDataSource());
    }

    private static Role roleOf(MimePart part, PartHeaders.MediaType type) throws MessagingException {
        if (type.is("message/rfc822") || type.is("message/global")) {
            return Role.FORWARDED;
        }
        if (!isAttached(part) && type.is("text/plain")) {
            return Role.TEXT;
        }
        if (!isAttached(part) && type.is("text/html")) {
            return Role.HTML;
        }
        return Role.ATTACHMENT;
    }

    private static boolean isAttached(MimePart part) throws MessagingException {
        return "attachment".equals(PartHeaders.disposition(part)) || PartHeaders.fileName(part) != null;
    }

    /** RFC 6522 / RFC 3464: {@code multipart/report; report-type=delivery-status}. */
    private static boolean isDeliveryReport(MimePart part) throws MessagingException {
        String raw = part.getContentType();
        if (raw == null) {
            return false;
        }
        try {
            ContentType type = new ContentType(raw);
            String reportType = type.getParameter("report-type");
            return type.match("multipart/report") && reportType != null
                    && reportType.strip().toLowerCase(Locale.ROOT).equals("delivery-status");
        } catch (ParseException e) {
            return false;
        }
    }
}
