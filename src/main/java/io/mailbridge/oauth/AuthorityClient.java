package io.mailbridge.oauth;

import io.mailbridge.mailbox.OAuthClient;

import java.net.URI;
import java.util.function.Consumer;

/** Talks to an OAuth 2.0 authority on behalf of the configured clients. */
public interface AuthorityClient {

    TokenResult clientCredentials(OAuthClient client) throws AuthorityException;

    /** Redeems a refresh token; {@code publicClient} for tokens from a device-code sign-in. */
    TokenResult refresh(OAuthClient client, String refreshToken, boolean publicClient) throws AuthorityException;

    URI authorizationUrl(OAuthClient client, String redirectUri, String state, String codeChallenge, String loginHint)
            throws AuthorityException;

    TokenResult redeemCode(OAuthClient client, String code, String redirectUri, String codeVerifier) throws AuthorityException;

    /** Runs a device-code sign-in: hands the prompt (URL and code) to {@code prompt}, then waits for the user. */
    TokenResult deviceCode(OAuthClient client, Consumer<DeviceCodePrompt> prompt) throws AuthorityException;

    /** What to show a user who signs in on another device. */
    record DeviceCodePrompt(String verificationUri, String userCode, long expiresInSeconds, String message) {
    }
}
