package io.mailbridge.admin;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads the body of an API request straight from the connection (routes with {@code useBodyHandler=false} hand over
 * the request unread), on the route's worker thread, a chunk at a time, and refuses it once it passes the body limit:
 * a chunked upload cannot grow past the limit on disk or in memory.
 */
public final class RequestBodies {

    /** A client that sends nothing for this long has given up, or is holding the worker on purpose. */
    private static final long IDLE_SECONDS = 60;

    private final BodyLimit limit;
    private final Vertx vertx;

    public RequestBodies(BodyLimit limit, Vertx vertx) {
        this.limit = limit;
        this.vertx = vertx;
    }

    /** The body passed {@link BodyLimit#maxBytes()}; what was read of it is to be thrown away. */
    public static final class TooLargeException extends IOException {
        TooLargeException(long limit) {
            super("the body is larger than " + limit + " bytes");
        }
    }

    /** The body as a stream that throws {@link TooLargeException} past the limit; empty when there is none. */
    public InputStream open(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof HttpServerRequest request) {
            return new RequestStream(request, limit.maxBytes());
        }
        // not over HTTP (a test calling the processor): already in memory
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        return new ByteArrayInputStream(bytes == null ? new byte[0] : bytes);
    }

    public String readString(Exchange exchange) throws IOException {
        try (InputStream in = open(exchange)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Answers 413 naming the limit, and drops the connection soon with the rest of the body unread. */
    void refuse(Exchange exchange) {
        HttpReplies.json(exchange, 413, limit.refusal());
        if (exchange.getIn() instanceof HttpMessage http) {
            EarlyHandlers.closeSoon(vertx, http.getRequest());
        }
    }

    /** A blocking stream over the request's chunks, asking Vert.x for the next one only once the last was read. */
    private static final class RequestStream extends InputStream {
        private static final Object END = new Object();

        private final HttpServerRequest request;
        private final long limit;
        private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
        private Buffer chunk;
        private int position;
        private long total;
        private boolean ended;

        RequestStream(HttpServerRequest request, long limit) {
            this.request = request;
            this.limit = limit;
            request.handler(arrived::add);
            request.exceptionHandler(arrived::add);
            request.endHandler(v -> arrived.add(END));
            request.fetch(1);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (chunk == null || position == chunk.length()) {
                if (ended) {
                    return -1;
                }
                Object next = next();
                if (next == END) {
                    ended = true;
                    return -1;
                }
                if (next instanceof Throwable t) {
                    throw new IOException("the request body could not be read: " + t.getMessage(), t);
                }
                chunk = (Buffer) next;
                position = 0;
                total += chunk.length();
                if (total > limit) {
                    ended = true;
                    throw new TooLargeException(limit);
                }
                request.fetch(1);
            }
            int n = Math.min(length, chunk.length() - position);
            chunk.getBytes(position, position + n, into, offset);
            position += n;
            return n;
        }

        private Object next() throws IOException {
            try {
                Object next = arrived.poll(IDLE_SECONDS, TimeUnit.SECONDS);
                if (next == null) {
                    throw new IOException("the client sent nothing for " + IDLE_SECONDS + " s");
                }
                return next;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the request body", e);
            }
        }
    }
}
