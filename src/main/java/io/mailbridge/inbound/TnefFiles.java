package io.mailbridge.inbound;

import org.apache.poi.hmef.Attachment;
import org.apache.poi.hmef.HMEFMessage;
import org.apache.poi.hmef.attribute.MAPIAttribute;
import org.apache.poi.hmef.attribute.TNEFAttribute;
import org.apache.poi.hmef.attribute.TNEFProperty;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
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
            tnef = new HMEFMessage(new WithoutRtf(source));
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

    /**
     * The TNEF stream without its compressed RTF: POI decompresses every PR_RTF_COMPRESSED property the moment it
     * parses it, whole and in memory, about eight times its size, and nothing here needs the RTF. The message's own
     * MAPI properties (where Outlook puts the RTF body) are dropped whole; an attachment's MAPI properties only when
     * they hold compressed RTF (an embedded message), losing at most that attachment's long file name. Attributes are
     * a level byte, a 32-bit id, a 32-bit length, the data and a 16-bit checksum (MS-OXTNEF 2.1.3); the file data
     * streams through without being held here.
     */
    static final class WithoutRtf extends InputStream {
        static final int ATT_MESSAGE_PROPS = 0x00069003;
        static final int ATT_ATTACHMENT_PROPS = 0x00069005;
        /** PT_BINARY PR_RTF_COMPRESSED (0x10090102) as it appears, little-endian, in a MAPI property list. */
        private static final byte[] RTF_TAG = {0x02, 0x01, 0x09, 0x10};
        private static final int SIGNATURE_AND_KEY = 6;
        private static final int HEADER = 9;
        private static final int CHECKSUM = 2;

        private final InputStream in;
        /** Bytes ready to hand out: a header, or a whole small attribute. */
        private byte[] ready = new byte[0];
        private int readyPos;
        /** Data bytes of the current attribute still to pass through (plus its checksum). */
        private long passing;
        private boolean started;

        WithoutRtf(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            while (true) {
                if (readyPos < ready.length) {
                    int n = Math.min(length, ready.length - readyPos);
                    System.arraycopy(ready, readyPos, buffer, offset, n);
                    readyPos += n;
                    return n;
                }
                if (passing > 0) {
                    int n = in.read(buffer, offset, (int) Math.min(length, passing));
                    if (n > 0) {
                        passing -= n;
                    }
                    return n;
                }
                if (!next()) {
                    return -1;
                }
            }
        }

        /** Reads the next attribute's header and decides; false at the end of the stream. */
        private boolean next() throws IOException {
            if (!started) {
                started = true;
                setReady(in.readNBytes(SIGNATURE_AND_KEY));
                return ready.length > 0;
            }
            byte[] header = in.readNBytes(HEADER);
            if (header.length < HEADER) {
                // a truncated stream: POI names the damage
                setReady(header);
                return header.length > 0;
            }
            int level = header[0];
            int id = littleEndian(header, 1);
            long length = littleEndian(header, 5) & 0xffffffffL;
            if (level == 1 && id == ATT_MESSAGE_PROPS) {
                discard(length + CHECKSUM);
                return true;
            }
            if (level == 2 && id == ATT_ATTACHMENT_PROPS && length <= MAX_TNEF_BYTES) {
                byte[] whole = new byte[HEADER + (int) length + CHECKSUM];
                System.arraycopy(header, 0, whole, 0, HEADER);
                int n = in.readNBytes(whole, HEADER, (int) length + CHECKSUM);
                if (contains(whole, HEADER, HEADER + n, RTF_TAG)) {
                    return true;
                }
                setReady(n == length + CHECKSUM ? whole : Arrays.copyOf(whole, HEADER + n));
                return true;
            }
            setReady(header);
            passing = length + CHECKSUM;
            return true;
        }

        private void setReady(byte[] bytes) {
            ready = bytes;
            readyPos = 0;
        }

        private void discard(long n) throws IOException {
            byte[] buffer = new byte[8192];
            long left = n;
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(left, buffer.length));
                if (read < 0) {
                    return;
                }
                left -= read;
            }
        }

        private static int littleEndian(byte[] bytes, int at) {
            return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16 | (bytes[at + 3] & 0xff) << 24;
        }

        private static boolean contains(byte[] data, int from, int to, byte[] pattern) {
            outer:
            for (int i = from; i + pattern.length <= to; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (data[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
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
