package io.mailbridge.inbound;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter that does its work in {@link #read(byte[], int, int)} only; single-byte reads go through it too, so a
 * subclass cannot forget to meter, hash or check them.
 */
abstract class BlockFilterInputStream extends FilterInputStream {

    private final byte[] one = new byte[1];

    BlockFilterInputStream(InputStream in) {
        super(in);
    }

    @Override
    public final int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] buffer, int offset, int length) throws IOException;
}
