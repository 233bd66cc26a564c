package io.mailbridge.inbound;

import org.apache.poi.hmef.Attachment;
import org.apache.poi.hmef.HMEFMessage;
import org.apache.poi.hmef.attribute.MAPIAttribute;
import org.apache.poi.hmef.attribute.TNEFAttribute;
import org.apache.poi.hmef.attribute.TNEFProperty;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Unpacks the files inside a TNEF stream (Outlook's winmail.dat) with Apache POI's HMEF. A TNEF is parsed whole into
 * memory, so only streams up to {@link #MAX_TNEF_BYTES} are unpacked; a larger one stays a plain attachment.
 */
final class TnefFiles {

    /** The largest TNEF stream that is unpacked; POI holds it whole, and the heap may be 256 MB. */
    static final long MAX_TNEF_BYTES = 25L * 1024 * 1024;

    static {
        // POI refuses single records above 20 MB (TNEF) and 1 MB (MAPI) by default; a file inside a TNEF that was
        // allowed in may be as large as the TNEF itself. Never lowered, in case something else in the JVM raised it.
        int max = (int) MAX_TNEF_BYTES;
        if (TNEFAttribute.getMaxRecordLength() < max) {
            TNEFAttribute.setMaxRecordLength(max);
        }
        if (MAPIAttribute.getMaxRecordLength() < max) {
            MAPIAttribute.setMaxRecordLength(max);
        }
    }

    /** One file found in the TNEF: its name as Outlook gave it (long name, else the 8.3 title; may be null). */
    record File(String name, byte[] content) {
    }

    /** The TNEF stream itself is broken or not TNEF at all; the reason is POI's, in plain words where possible. */
    static final class Unreadable extends Exception {
        Unreadable(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    private TnefFiles() {
    }

    /**
     * The files in the TNEF read from {@code in}, in the order they appear. Attachments that hold no file data (an
     * embedded Outlook item, for instance) are left out and named in {@code skipped}. An IOException is only ever
     * a failure of {@code in} itself (e.g. the IMAP connection dropped); anything wrong with the bytes is Unreadable.
     */
    static List<File> read(InputStream in, List<String> skipped) throws IOException, Unreadable {
        Source source = new Source(in);
        HMEFMessage tnef;
        try {
            tnef = new HMEFMessage(source);
        } catch (IOException | RuntimeException e) {
            if (source.failure != null) {
                throw source.failure;
            }
            throw new Unreadable(reason(e), e);
        }
        List<File> files = new ArrayList<>();
        for (Attachment attachment : tnef.getAttachments()) {
            String name;
            try {
                name = name(attachment);
            } catch (RuntimeException e) {
                throw new Unreadable(reason(e), e);
            }
            TNEFAttribute data = attachment.getAttribute(TNEFProperty.ID_ATTACHDATA);
            if (data == null || data.getData() == null) {
                skipped.add(name == null ? "an attachment without a name" : "'" + name + "'");
                continue;
            }
            files.add(new File(name, data.getData()));
        }
        return files;
    }

    private static String name(Attachment attachment) {
        String name = attachment.getLongFilename();
        if (name == null || name.isBlank()) {
            name = attachment.getFilename();
        }
        if (name == null || name.isBlank()) {
            return null;
        }
        // MAPI strings may end in the NUL of their C origins; TNEF titles always do
        int nul = name.indexOf('\0');
        name = nul >= 0 ? name.substring(0, nul) : name;
        return name.isBlank() ? null : name;
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.strip();
    }

    /** Remembers a failure of the underlying stream, and refuses to read beyond {@link #MAX_TNEF_BYTES}. */
    private static final class Source extends BlockFilterInputStream {
        private IOException failure;
        private long count;

        Source(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = in.read(buffer, offset, length);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            if (n > 0) {
                count += n;
                if (count > MAX_TNEF_BYTES) {
                    // not a failure of the source: the content changed size between the two reads
                    throw new IOException("larger than " + MAX_TNEF_BYTES / (1024 * 1024) + " MB");
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // through read, so that the count and the failure are kept
            byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
            int read = buffer.length == 0 ? 0 : read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }
    }
}
