package io.mailbridge.inbound;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a message's MIME tree once, before anything is written, enforcing the depth and part limits and deciding
 * what each leaf becomes: the text body, the HTML body, an attachment, or a forwarded message. Reads no content.
 */
final class PartWalker {

    enum Role { TEXT, HTML, ATTACHMENT, FORWARDED }

    /** One leaf of the tree and what it becomes; the writer may demote a body that is too large to an attachment. */
    static final class Piece {
        final MimePart part;
        final PartHeaders.MediaType type;
        Role role;

        Piece(MimePart part, PartHeaders.MediaType type, Role role) {
            this.part = part;
            this.type = type;
            this.role = role;
        }
    }

    private final MimeLimits limits;
    private final List<String> warnings;
    private final List<Piece> pieces = new ArrayList<>();
    private int partCount;
    private boolean haveText;
    private boolean haveHtml;

    PartWalker(MimeLimits limits, List<String> warnings) {
        this.limits = limits;
        this.warnings = warnings;
    }

    /** The leaves in document order. */
    List<Piece> walk(MimeMessage message) throws MessagingException, IOException, UnreadableMailException {
        visit(message, 0);
        return pieces;
    }

    /** The parts counted against {@link MimeLimits#maxParts()} by {@link #walk}: every child of every multipart. */
    int partCount() {
        return partCount;
    }

    private void visit(MimePart part, int depth) throws MessagingException, IOException, UnreadableMailException {
        PartHeaders.MediaType type = PartHeaders.mediaType(part, warnings);
        if (type.baseType().startsWith("multipart/")) {
            visitMultipart(part, depth);
        } else {
            pieces.add(new Piece(part, type, roleOf(part, type)));
        }
    }

    private void visitMultipart(MimePart part, int depth) throws MessagingException, IOException, UnreadableMailException {
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
        for (int i = 0; i < count; i++) {
            visit((MimePart) multipart.getBodyPart(i), depth + 1);
        }
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

    private Role roleOf(MimePart part, PartHeaders.MediaType type) throws MessagingException {
        if (type.is("message/rfc822") || type.is("message/global")) {
            return Role.FORWARDED;
        }
        boolean attached = "attachment".equals(PartHeaders.disposition(part)) || PartHeaders.fileName(part) != null;
        if (!attached && type.is("text/plain") && !haveText) {
            haveText = true;
            return Role.TEXT;
        }
        if (!attached && type.is("text/html") && !haveHtml) {
            haveHtml = true;
            return Role.HTML;
        }
        return Role.ATTACHMENT;
    }
}
