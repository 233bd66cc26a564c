package io.mailbridge.sandbox;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts the name typed on the sandbox's login page into the tokens as {@code preferred_username}, as Entra does, so
 * that mailbridge can check who signed in. mock-oauth2-server makes it only the {@code sub}; the login is matched to
 * its token request by the PKCE challenge, which the authorization request carries and the code's verifier proves.
 */
final class SignedInUserClaims implements OAuth2TokenCallback {

    private static final int MAX_PENDING = 1_000;

    private final OAuth2TokenCallback tokens;
    private final Map<String, String> userByChallenge = new ConcurrentHashMap<>();

    /** @param tokens the issuer's tokens, which this adds the claim to */
    SignedInUserClaims(OAuth2TokenCallback tokens) {
        this.tokens = tokens;
    }

    /** Notes the user of each login page answer; answers nothing itself. */
    Route loginObserver() {
        return new Route() {
            @Override
            public boolean match(OAuth2HttpRequest request) {
                if ("POST".equals(request.getMethod()) && request.getUrl().encodedPath().endsWith("/authorize")) {
                    String challenge = request.getUrl().queryParameter("code_challenge");
                    String user = request.getFormParameters().get("username");
                    if (challenge != null && user != null && !user.isBlank() && userByChallenge.size() < MAX_PENDING) {
                        userByChallenge.put(challenge, user.trim());
                    }
                }
                return false;
            }

            @Override
            public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
                throw new IllegalStateException("never matches");
            }
        };
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
        Map<String, Object> claims = new HashMap<>(tokens.addClaims(request));
        if (request.getAuthorizationGrant() instanceof AuthorizationCodeGrant grant && grant.getCodeVerifier() != null) {
            String user = userByChallenge.remove(CodeChallenge.compute(CodeChallengeMethod.S256, grant.getCodeVerifier()).getValue());
            if (user != null) {
                claims.putIfAbsent("preferred_username", user);
            }
        }
        return claims;
    }

    @Override
    public String issuerId() {
        return tokens.issuerId();
    }

    @Override
    public String subject(TokenRequest request) {
        return tokens.subject(request);
    }

    @Override
    public String typeHeader(TokenRequest request) {
        return tokens.typeHeader(request);
    }

    @Override
    public List<String> audience(TokenRequest request) {
        return tokens.audience(request);
    }

    @Override
    public long tokenExpiry() {
        return tokens.tokenExpiry();
    }
}
