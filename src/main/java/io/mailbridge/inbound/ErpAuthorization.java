package io.mailbridge.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailbridge.common.Json;
import io.mailbridge.mailbox.Secret;
import org.apache.camel.Exchange;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Adds the ERP's {@code Authorization} header: a fixed bearer token, basic credentials, or a token obtained with
 * OAuth client credentials and cached until shortly before it expires.
 */
public final class ErpAuthorization {

    /** How to authenticate to the ERP. */
    private enum Mode { NONE, BEARER, BASIC, OAUTH }

    private final Mode mode;
    private final Secret token;
    private final String user;
    private final Secret password;
    private final URI tokenUrl;
    private final String clientId;
    private final Secret clientSecret;
    private final String scope;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private String cachedToken;
    private Instant cachedUntil = Instant.EPOCH;

    private ErpAuthorization(Mode mode, Secret token, String user, Secret password, URI tokenUrl, String clientId,
                             Secret clientSecret, String scope, Clock clock) {
        this.mode = mode;
        this.token = token;
        this.user = user;
        this.password = password;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.clock = clock;
    }

    public static ErpAuthorization none() {
        return new ErpAuthorization(Mode.NONE, null, null, null, null, null, null, null, Clock.systemUTC());
    }

    /** {@code Authorization: Bearer <token>}, a fixed token. */
    public static ErpAuthorization bearer(Secret token) {
        return new ErpAuthorization(Mode.BEARER, token, null, null, null, null, null, null, Clock.systemUTC());
    }

    /** {@code Authorization: Basic}, user and password. */
    public static ErpAuthorization basic(String user, Secret password) {
        return new ErpAuthorization(Mode.BASIC, null, user, password, null, null, null, null, Clock.systemUTC());
    }

    /** A token obtained with OAuth client credentials at {@code tokenUrl}, cached until shortly before it expires. */
    public static ErpAuthorization oauth(URI tokenUrl, String clientId, Secret clientSecret, String scope, Clock clock) {
        return new ErpAuthorization(Mode.OAUTH, null, null, null, tokenUrl, clientId, clientSecret, scope, clock);
    }

    public void apply(Exchange exchange) throws Exception {
        String value = switch (mode) {
            case NONE -> null;
            case BEARER -> "Bearer " + token.reveal();
            case BASIC -> "Basic " + Base64.getEncoder().encodeToString((user + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8));
            case OAUTH -> "Bearer " + oauthToken();
        };
        if (value != null) {
            exchange.getMessage().setHeader("Authorization", value);
        }
    }

    /** Drops a cached token the ERP no longer accepts. */
    public synchronized void forget() {
        cachedToken = null;
        cachedUntil = Instant.EPOCH;
    }

    private synchronized String oauthToken() throws Exception {
        if (cachedToken != null && clock.instant().isBefore(cachedUntil)) {
            return cachedToken;
        }
        String form = "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(clientSecret.reveal())
                + (scope == null ? "" : "&scope=" + encode(scope));
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(tokenUrl).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = Json.MAPPER.readTree(reply.body());
        if (reply.statusCode() != 200 || !body.hasNonNull("access_token")) {
            throw new InboundDeliveryException("the ERP's token endpoint " + tokenUrl + " refused: " + reply.statusCode() + " "
                    + (body.hasNonNull("error") ? body.get("error").asText() : "") + "; check mailbridge.erp.client-id, client-secret and scope");
        }
        cachedToken = body.get("access_token").asText();
        long expiresIn = body.hasNonNull("expires_in") ? body.get("expires_in").asLong() : 300;
        cachedUntil = clock.instant().plusSeconds(Math.max(0, expiresIn - 60));
        return cachedToken;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
