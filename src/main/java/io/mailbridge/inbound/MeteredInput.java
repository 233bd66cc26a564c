package io.mailbridge.inbound;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** Measures a decoded part while it streams: size, SHA-256, its first bytes, and the message-wide byte budget. */
final class MeteredInput extends BlockFilterInputStream {

    private static final int HEAD_LENGTH = 4;

    private final ByteBudget budget;
    private final MessageDigest sha256;
    private final byte[] head = new byte[HEAD_LENGTH];
    private int headLength;
    private long size;

    MeteredInput(InputStream in, ByteBudget budget) {
        super(in);
        this.budget = budget;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            sha256.update(buffer, offset, n);
            if (headLength < HEAD_LENGTH) {
                int copy = Math.min(n, HEAD_LENGTH - headLength);
                System.arraycopy(buffer, offset, head, headLength, copy);
                headLength += copy;
            }
            size += n;
            budget.charge(n);
        }
        return n;
    }

    @Override
    public long skip(long n) {
        // skipping would leave bytes out of the digest
        return 0;
    }

    long size() {
        return size;
    }

    /** Call once, after the stream has been read to its end. */
    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    boolean startsWith(byte[] signature) {
        return headLength >= signature.length && Arrays.equals(head, 0, signature.length, signature, 0, signature.length);
    }
}
