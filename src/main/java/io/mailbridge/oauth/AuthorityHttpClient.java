package io.mailbridge.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.aad.msal4j.HttpMethod;
import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.HttpResponse;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;
import io.mailbridge.common.Json;

import javax.net.ssl.SSLContext;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * msal4j's transport to the authority. msal4j keeps refresh tokens inside its own cache, keyed by an account that
 * only Entra's {@code client_info} creates; this transport hands the newest refresh token of each token response to
 * the token service instead (matched by the request's {@code client-request-id}), so one code path serves Entra and
 * any standard OAuth 2.0 authority.
 */
final class AuthorityHttpClient implements IHttpClient {

    static final String REQUEST_ID_HEADER = "client-request-id";
    private static final Set<String> RESTRICTED_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final HttpClient http;
    private final Duration readTimeout;
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();

    AuthorityHttpClient(SSLContext sslContext, Duration connectTimeout, Duration readTimeout) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.http = builder.build();
        this.readTimeout = readTimeout;
    }

    @Override
    public IHttpResponse send(HttpRequest request) throws Exception {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(request.url().toURI())
                .timeout(readTimeout);
        if (request.headers() != null) {
            request.headers().forEach((name, value) -> {
                if (value != null && !RESTRICTED_HEADERS.contains(name.toLowerCase())) {
                    builder.header(name, value);
                }
            });
        }
        if (request.httpMethod() == HttpMethod.POST) {
            builder.POST(java.net.http.HttpRequest.BodyPublishers.ofString(request.body() == null ? "" : request.body()));
        } else {
            builder.GET();
        }
        java.net.http.HttpResponse<String> reply = http.send(builder.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        HttpResponse response = new HttpResponse().statusCode(reply.statusCode()).body(reply.body());
        response.addHeaders(reply.headers().map());
        String requestId = request.headerValue(REQUEST_ID_HEADER);
        if (requestId != null && reply.statusCode() == 200 && reply.body() != null && reply.body().contains("refresh_token")) {
            JsonNode refresh = Json.MAPPER.readTree(reply.body()).get("refresh_token");
            if (refresh != null && refresh.isTextual() && !refresh.asText().isBlank()) {
                refreshTokens.put(requestId, refresh.asText());
            }
        }
        return response;
    }

    /** The refresh token returned to the request with this id, removed so that none lingers. */
    String takeRefreshToken(String requestId) {
        return refreshTokens.remove(requestId);
    }
}
