package io.mailbridge.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailbridge.common.Json;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a request or batch, kept with its requestId so that a reused requestId can be told from a repeat. */
final class RequestHash {

    private RequestHash() {
    }

    static String of(JsonNode body) {
        try {
            return hex(digest().digest(Json.MAPPER.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
