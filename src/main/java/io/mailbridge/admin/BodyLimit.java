package io.mailbridge.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/** The largest request body the HTTP API takes ({@value #PROPERTY}), and how a larger one is refused. */
public record BodyLimit(long maxBytes) {

    public static final String PROPERTY = "mailbridge.http.max-body-bytes";
    public static final long DEFAULT = 100L * 1024 * 1024;

    /** The {@code 413} answer: the limit and the property that sets it. */
    Map<String, Object> refusal() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "body-too-large");
        body.put("message", "The request body is larger than " + maxBytes + " bytes, the limit set by " + PROPERTY
                + ": send less (split a batch into several) or raise " + PROPERTY + ".");
        body.put("limit", maxBytes);
        body.put("property", PROPERTY);
        return body;
    }
}
