package io.mailbridge.oauth;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the authority's error replies (AADSTS codes, OAuth error names) into named causes with their fix. */
public final class AuthorityErrorCatalog {

    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");

    private record Entry(String aadsts, String cause, String summary, String fix, boolean needsSignIn) {
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry("700082", "refresh-token-expired",
                    "the refresh token expired after 90 days without use, or was revoked.",
                    "sign the mailbox in again; mailbridge then keeps the token in use so it does not lapse.", true),
            new Entry("70043", "sign-in-frequency",
                    "a Conditional Access sign-in frequency policy ended the session.",
                    "sign the mailbox in again, or ask the tenant admin to exclude this app from the sign-in frequency "
                            + "policy (or use an app-only client-credentials setup).", true),
            new Entry("7000215", "invalid-client-secret",
                    "the client secret is wrong; a common cause is pasting the secret's ID instead of its value.",
                    "in Entra, Certificates & secrets, create a new secret and copy its 'Value' (not the 'Secret ID') into "
                            + "the client-secret setting.", false),
            new Entry("7000222", "client-secret-expired",
                    "the client secret has expired.",
                    "in Entra, Certificates & secrets, create a new secret and put its value in the client-secret setting.", false),
            new Entry("65001", "consent-missing",
                    "the user or the tenant administrator has not consented to the app's permissions.",
                    "in Entra, API permissions, press 'Grant admin consent' (or have the user consent at sign-in), then sign in again.", true),
            new Entry("50194", "wrong-tenant",
                    "the app is not configured as multi-tenant and was used with the 'common' or another tenant's endpoint.",
                    "set tenant-id to the directory (tenant) ID from the app registration's Overview page.", false),
            new Entry("700016", "app-not-found-in-tenant",
                    "no application with this client ID exists in the tenant (wrong tenant, wrong client ID, or not consented there).",
                    "check client-id and tenant-id against the app registration's Overview page.", false),
            new Entry("90002", "tenant-not-found",
                    "the tenant does not exist or has no active subscription.",
                    "check tenant-id against the app registration's Overview page.", false),
            new Entry("50076", "mfa-required",
                    "multi-factor authentication is required for this sign-in.",
                    "sign the mailbox in again interactively (browser or device code) and complete MFA.", true),
            new Entry("50079", "mfa-required",
                    "the user must register for multi-factor authentication.",
                    "sign in interactively once to register MFA, then sign the mailbox in again.", true),
            new Entry("50126", "invalid-credentials",
                    "the user name or password is wrong.",
                    "sign the mailbox in again with the right account.", true),
            new Entry("50173", "refresh-token-revoked",
                    "the grant is no longer valid because the user's password changed or sessions were revoked.",
                    "sign the mailbox in again.", true),
            new Entry("700024", "client-assertion-invalid",
                    "the client certificate assertion is not valid (expired, or clock skew).",
                    "check the certificate's validity and the server clock, then upload the certificate again if needed.", false),
            new Entry("700027", "certificate-not-registered",
                    "the certificate is not registered with the app.",
                    "upload the certificate (public part) under Certificates & secrets of the app registration.", false),
            new Entry("50011", "redirect-uri-mismatch",
                    "the redirect URI does not match one registered for the app.",
                    "register the redirect-uri exactly (scheme, host, port, path) under Authentication, platform 'Web'.", false),
            new Entry("7000218", "public-client-flows-disabled",
                    "the device-code sign-in needs 'Allow public client flows'.",
                    "in Entra, Authentication, set 'Allow public client flows' to Yes.", false),
            new Entry("700025", "public-client-with-secret",
                    "the app is registered as a public client, so it must not present a client secret.",
                    "use grant device-code for this mailbox, or register a Web platform with a secret.", false));

    private AuthorityErrorCatalog() {
    }

    /**
     * @param error       the OAuth {@code error} value (e.g. {@code invalid_grant}), may be null
     * @param description the {@code error_description} or exception message; never echoed whole, it may quote input
     */
    public static TokenFailure explain(String error, String description) {
        String text = description == null ? "" : description;
        Matcher m = AADSTS.matcher(text);
        if (m.find()) {
            String number = m.group(1);
            for (Entry e : ENTRIES) {
                if (e.aadsts.equals(number)) {
                    return new TokenFailure(e.cause, "AADSTS" + number, e.summary, e.fix, e.needsSignIn);
                }
            }
            return new TokenFailure("authority-error", "AADSTS" + number,
                    "the authority refused the request (" + firstLine(text) + ").",
                    "look up AADSTS" + number + " in Microsoft's error reference; sign in again if it concerns the user.",
                    "invalid_grant".equals(error));
        }
        String err = error == null ? "" : error.toLowerCase(Locale.ROOT);
        return switch (err) {
            case "invalid_grant" -> new TokenFailure("refresh-token-invalid", "invalid_grant",
                    "the authority no longer accepts the refresh token or code (expired, revoked or already used).",
                    "sign the mailbox in again.", true);
            case "invalid_client", "unauthorized_client" -> new TokenFailure("invalid-client", err,
                    "the authority does not accept the client ID or its credential.",
                    "check client-id, client-secret (its value, not its ID) or certificate-file.", false);
            case "interaction_required", "consent_required", "login_required" -> new TokenFailure("interaction-required", err,
                    "the user must sign in interactively again.", "sign the mailbox in again.", true);
            case "invalid_scope" -> new TokenFailure("invalid-scope", err,
                    "the authority does not know the requested scope.",
                    "check delegated-scopes / app-scopes of the client.", false);
            case "expired_token" -> new TokenFailure("device-code-expired", err,
                    "the device code expired before the sign-in was completed.", "run the device-code sign-in again and finish it within the time shown.", true);
            case "authorization_declined", "access_denied" -> new TokenFailure("sign-in-declined", err,
                    "the user declined the sign-in or consent.", "sign in again and accept the requested permissions.", true);
            default -> new TokenFailure("authority-error", error,
                    "the authority refused the request" + (text.isEmpty() ? "." : " (" + firstLine(text) + ")."),
                    "check the client settings; the authority's message above names the problem.", false);
        };
    }

    /** A failure to reach the authority at all. */
    public static TokenFailure unreachable(String authority, Throwable cause) {
        return new TokenFailure("authority-unreachable", null,
                "cannot reach the authority " + authority + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ").",
                "check the network, proxy and the client's authority setting; mailbridge retries on its own.", false);
    }

    private static String firstLine(String text) {
        String line = text.strip().split("[\r\n]", 2)[0].strip();
        // Entra appends trace and correlation ids; keep the sentence
        int trace = line.indexOf(" Trace ID");
        line = trace > 0 ? line.substring(0, trace) : line;
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
