package io.mailbridge.admin;

import java.util.Map;

/** The largest request body the HTTP API takes ({@value #PROPERTY}), and how a larger one is refused. */
public record BodyLimit(long maxBytes) {

    public static final String PROPERTY = "mailbridge.http.max-body-bytes";
    public static final long DEFAULT = 100L * 1024 * 1024;
    static final String ERROR = "body-too-large";

    String message() {
        return "The request body is larger than " + maxBytes + " bytes, the limit set by " + PROPERTY
                + ": send less (split a batch into several) or raise " + PROPERTY + ".";
    }

    Map<String, Object> details() {
        return Map.of("limit", maxBytes, "property", PROPERTY);
    }
}
