package io.mailbridge.sandbox;

import io.mailbridge.common.Json;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.Headers;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The device-code grant (RFC 8628) for the sandbox authority, which mock-oauth2-server lacks: a device
 * authorization endpoint, a page where the user enters the code, polling with {@code authorization_pending}, and
 * rotating refresh tokens for the tokens it issued. Replies carry Entra's error codes.
 */
final class DeviceCodeFlow {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    private static final long TOKEN_SECONDS = 3600;
    private static final String DEVICE_PAGE = "/" + SandboxAuthority.TENANT + "/device";

    private record Pending(String clientId, String scope, String userCode, Instant expiresAt, String subject) {
    }

    private record Grant(String clientId, String scope, String subject) {
    }

    private final Map<String, Pending> byDeviceCode = new ConcurrentHashMap<>();
    private final Map<String, Grant> byRefreshToken = new ConcurrentHashMap<>();
    private final Supplier<MockOAuth2Server> server;
    private final Supplier<String> authorityUrl;

    DeviceCodeFlow(Supplier<MockOAuth2Server> server, Supplier<String> authorityUrl) {
        this.server = server;
        this.authorityUrl = authorityUrl;
    }

    List<Route> routes() {
        return List.of(route(this::isDeviceAuthorization, this::deviceAuthorization),
                route(r -> r.getUrl().encodedPath().equals(DEVICE_PAGE), this::devicePage),
                route(this::isDeviceTokenRequest, this::deviceToken),
                route(this::isOwnRefresh, this::refresh));
    }

    private boolean isDeviceAuthorization(OAuth2HttpRequest r) {
        return "POST".equals(r.getMethod()) && r.getUrl().encodedPath().endsWith("/devicecode");
    }

    private boolean isDeviceTokenRequest(OAuth2HttpRequest r) {
        String grant = tokenGrant(r);
        return "device_code".equals(grant) || "urn:ietf:params:oauth:grant-type:device_code".equals(grant);
    }

    private boolean isOwnRefresh(OAuth2HttpRequest r) {
        return "refresh_token".equals(tokenGrant(r)) && byRefreshToken.containsKey(String.valueOf(r.getFormParameters().get("refresh_token")));
    }

    private static String tokenGrant(OAuth2HttpRequest r) {
        if (!"POST".equals(r.getMethod()) || !r.getUrl().encodedPath().endsWith("/token")) {
            return null;
        }
        return r.getFormParameters().get("grant_type");
    }

    private OAuth2HttpResponse deviceAuthorization(OAuth2HttpRequest r) {
        String clientId = r.getFormParameters().get("client_id");
        if (clientId == null) {
            return SandboxAuthority.error(400, "invalid_request", "AADSTS900144: The request body must contain the following parameter: 'client_id'.", 900144);
        }
        String deviceCode = random(32);
        String userCode = userCode();
        byDeviceCode.put(deviceCode, new Pending(clientId, r.getFormParameters().get("scope"), userCode,
                Instant.now().plus(CODE_LIFETIME), null));
        String page = authorityUrl.get() + DEVICE_PAGE.substring(1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("device_code", deviceCode);
        body.put("user_code", userCode);
        body.put("verification_uri", page);
        body.put("expires_in", CODE_LIFETIME.toSeconds());
        body.put("interval", 1);
        body.put("message", "To sign in, use a web browser to open the page " + page + " and enter the code " + userCode
                + " to authenticate.");
        return json(200, body);
    }

    private OAuth2HttpResponse devicePage(OAuth2HttpRequest r) {
        if ("POST".equals(r.getMethod())) {
            String code = String.valueOf(r.getFormParameters().get("user_code")).trim().toUpperCase();
            String user = r.getFormParameters().get("username");
            for (Map.Entry<String, Pending> e : byDeviceCode.entrySet()) {
                Pending p = e.getValue();
                if (p.userCode().equals(code) && p.subject() == null && user != null && !user.isBlank()) {
                    byDeviceCode.put(e.getKey(), new Pending(p.clientId(), p.scope(), p.userCode(), p.expiresAt(), user.trim()));
                    return html("Signed in as " + escape(user) + ". You can close this page and return to the device.");
                }
            }
            return html("That code is unknown or already used. <a href=\"" + DEVICE_PAGE + "\">Try again</a>.");
        }
        return html("<form method=\"post\"><p><label>Code <input name=\"user_code\" autofocus></label></p>"
                + "<p><label>User name <input name=\"username\" placeholder=\"ops@sandbox.test\"></label></p>"
                + "<p><button type=\"submit\">Sign in</button></p></form>");
    }

    private OAuth2HttpResponse deviceToken(OAuth2HttpRequest r) {
        String deviceCode = r.getFormParameters().get("device_code");
        Pending p = deviceCode == null ? null : byDeviceCode.get(deviceCode);
        if (p == null) {
            return SandboxAuthority.error(400, "invalid_grant", "AADSTS70000: The provided device code is not valid.", 70000);
        }
        if (p.expiresAt().isBefore(Instant.now())) {
            byDeviceCode.remove(deviceCode);
            return SandboxAuthority.error(400, "expired_token", "AADSTS70020: The provided value for the input parameter 'device_code' is not valid. This device code has expired.", 70020);
        }
        if (p.subject() == null) {
            return SandboxAuthority.error(400, "authorization_pending", "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending. Continue polling.", 70016);
        }
        byDeviceCode.remove(deviceCode);
        return issue(new Grant(p.clientId(), p.scope(), p.subject()));
    }

    private OAuth2HttpResponse refresh(OAuth2HttpRequest r) {
        // rotation: the presented refresh token is spent
        Grant grant = byRefreshToken.remove(r.getFormParameters().get("refresh_token"));
        if (grant == null) {
            return SandboxAuthority.error(400, "invalid_grant", "AADSTS70008: The refresh token has expired or is invalid.", 70008);
        }
        return issue(grant);
    }

    private OAuth2HttpResponse issue(Grant grant) {
        String accessToken = server.get().issueToken(SandboxAuthority.ISSUER_ID, grant.clientId(),
                new DefaultOAuth2TokenCallback(SandboxAuthority.ISSUER_ID, grant.subject(), "JWT",
                        List.of("api://" + grant.clientId()), Map.of("scp", "mail"), TOKEN_SECONDS)).serialize();
        String refreshToken = random(32);
        byRefreshToken.put(refreshToken, grant);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "Bearer");
        body.put("scope", grant.scope());
        body.put("expires_in", TOKEN_SECONDS - 1);
        body.put("access_token", accessToken);
        body.put("refresh_token", refreshToken);
        return json(200, body);
    }

    private static OAuth2HttpResponse json(int status, Map<String, Object> body) {
        try {
            return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json;charset=utf-8"), status,
                    Json.MAPPER.writeValueAsString(body), null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static OAuth2HttpResponse html(String content) {
        return new OAuth2HttpResponse(Headers.of("Content-Type", "text/html;charset=utf-8"), 200,
                "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sandbox device sign-in</title></head>"
                        + "<body style=\"font-family:sans-serif;max-width:30em;margin:3em auto\"><h1>Sandbox device sign-in</h1>"
                        + content + "</body></html>", null);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String random(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static String userCode() {
        String letters = "BCDFGHJKLMNPQRSTVWXZ";
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            code.append(letters.charAt(RANDOM.nextInt(letters.length())));
        }
        return code.toString();
    }

    private interface Handler {
        OAuth2HttpResponse handle(OAuth2HttpRequest request);
    }

    private interface Matcher {
        boolean matches(OAuth2HttpRequest request);
    }

    private static Route route(Matcher matcher, Handler handler) {
        return new Route() {
            @Override
            public boolean match(OAuth2HttpRequest request) {
                return matcher.matches(request);
            }

            @Override
            public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
                return handler.handle(request);
            }
        };
    }
}
