package io.mailbridge.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailbridge.common.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The account an OpenID Connect ID token names: its {@code preferred_username}, {@code email} or {@code upn} claim. */
final class IdTokenAccount {

    private static final String[] CLAIMS = {"preferred_username", "email", "upn"};

    private IdTokenAccount() {
    }

    /**
     * The first of those claims that is set, or null when the token names no account or is not a JWT. The signature is
     * not checked: the token comes straight from the authority's token endpoint over TLS (OpenID Connect Core 3.1.3.7).
     */
    static String of(String idToken) {
        if (idToken == null) {
            return null;
        }
        String[] parts = idToken.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            JsonNode claims = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            for (String name : CLAIMS) {
                JsonNode value = claims.get(name);
                if (value != null && value.isTextual() && !value.asText().isBlank()) {
                    return value.asText().trim();
                }
            }
            return null;
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }
}
