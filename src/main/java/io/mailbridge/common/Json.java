package io.mailbridge.common;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper of mailbridge: thread-safe once configured, and costly to make, so it is shared. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
