package io.mailbridge.mailbox;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * An OAuth client (an Entra app registration). One client serves any number of mailboxes.
 *
 * @param authority     authority host URL ending with '/', without the tenant; the tenant is appended
 * @param redirectUri   where the authority sends the browser back after sign-in; null for the default
 * @param certificate   PKCS#12 file used instead of a secret; null when a secret is used
 * @param authorityCertificate certificate (PEM or DER) to trust for the authority's TLS instead of the JVM's CAs
 * @param secretExpires the client secret's expiry date as Entra shows it, for a warning ahead of it; null if not given
 */
public record OAuthClient(
        String id,
        String tenantId,
        String clientId,
        Secret clientSecret,
        Path certificate,
        Secret certificatePassword,
        String authority,
        String redirectUri,
        Path authorityCertificate,
        List<String> delegatedScopes,
        List<String> appScopes,
        LocalDate secretExpires) {

    public static final String MICROSOFT_AUTHORITY = "https://login.microsoftonline.com/";
    public static final List<String> MICROSOFT_DELEGATED_SCOPES = List.of(
            "https://outlook.office.com/IMAP.AccessAsUser.All",
            "https://outlook.office.com/SMTP.Send",
            "offline_access");
    public static final List<String> MICROSOFT_APP_SCOPES = List.of("https://outlook.office365.com/.default");

    /** The tenant-specific authority msal4j talks to, e.g. {@code https://login.microsoftonline.com/contoso.onmicrosoft.com/}. */
    public String tenantAuthority() {
        return authority + tenantId + "/";
    }

    public boolean hasCredential() {
        return clientSecret != null || certificate != null;
    }

    @Override
    public String toString() {
        return "OAuthClient[" + id + ", tenant=" + tenantId + ", clientId=" + clientId + ", authority=" + authority + "]";
    }
}
