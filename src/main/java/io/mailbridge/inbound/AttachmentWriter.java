package io.mailbridge.inbound;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mailbridge.inbound.PartWalker.Piece;
import io.mailbridge.inbound.PartWalker.Role;
import jakarta.mail.MessagingException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the attachments of one mail document, each streamed through a base64 encoder, and the files inside a TNEF
 * (winmail.dat) as attachments of their own.
 */
final class AttachmentWriter {

    /** The first bytes of every TNEF stream (winmail.dat): 0x223E9F78 little-endian. */
    private static final byte[] TNEF_SIGNATURE = {0x78, (byte) 0x9F, 0x3E, 0x22};

    private final MimeLimits limits;
    private final List<String> warnings;
    private final ByteBudget budget;
    private final FileNames fileNames;
    /** Parts counted against the part limit: the MIME parts, then every file unpacked from a TNEF. */
    private int partCount;

    AttachmentWriter(MimeLimits limits, List<String> warnings, ByteBudget budget, int partCount) {
        this.limits = limits;
        this.warnings = warnings;
        this.budget = budget;
        this.fileNames = new FileNames(warnings);
        this.partCount = partCount;
    }

    void write(JsonGenerator json, List<Piece> pieces) throws IOException, MessagingException, UnreadableMailException {
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

        startFile(json, fileName, forwarded ? "message/rfc822" : piece.type.describe(),
                disposition != null ? disposition : contentId != null ? "inline" : "attachment", contentId, forwarded);
        MeteredInput content;
        try (InputStream decoded = PartContent.open(piece.part, "attachment '" + fileName + "'", warnings)) {
            content = writeContent(json, decoded, -1);
        }
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

        startFile(json, fileName, contentType, "attachment", null, false);
        // already in memory, as POI holds the whole TNEF; metered for the hash and the message's byte budget
        MeteredInput content = writeContent(json, new ByteArrayInputStream(file.content()), file.content().length);
        // a TNEF inside a TNEF is flagged, not unpacked
        json.writeBooleanField("tnef", "winmail.dat".equalsIgnoreCase(fileName) || content.startsWith(TNEF_SIGNATURE));
        json.writeStringField("fromTnef", tnefName);
        json.writeEndObject();
    }

    /** Opens an attachment's object with the fields that name it. */
    private static void startFile(JsonGenerator json, String fileName, String contentType, String disposition,
                                  String contentId, boolean forwarded) throws IOException {
        json.writeStartObject();
        json.writeStringField("fileName", fileName);
        json.writeStringField("contentType", contentType);
        json.writeStringField("disposition", disposition);
        json.writeStringField("contentId", contentId);
        json.writeBooleanField("forwarded", forwarded);
    }

    /** Streams the content as base64 ({@code length} -1 when unknown), then its size and SHA-256. */
    private MeteredInput writeContent(JsonGenerator json, InputStream in, int length) throws IOException {
        json.writeFieldName("content");
        MeteredInput content = new MeteredInput(in, budget);
        json.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, content, length);
        json.writeNumberField("size", content.size());
        json.writeStringField("sha256", content.sha256Hex());
        return content;
    }

    /** The Subject of a forwarded message, read from its header block only. */
    private static String forwardedSubject(Piece piece) throws IOException, MessagingException {
        return HeaderText.decode(PartContent.headerBlock(piece.part).getHeader("Subject", null));
    }

    /** Identification only: by type, by Outlook's file name, or by the signature when both were lost. */
    private static boolean isTnef(Piece piece, String declaredName, MeteredInput content) {
        String type = piece.type.baseType();
        String cleanName = declaredName == null ? null : FileNames.clean(declaredName);
        return type.equals("application/ms-tnef") || type.equals("application/vnd.ms-tnef")
                || "winmail.dat".equalsIgnoreCase(cleanName)
                || content.startsWith(TNEF_SIGNATURE);
    }
}
