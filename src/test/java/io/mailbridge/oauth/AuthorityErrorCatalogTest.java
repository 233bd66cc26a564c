package io.mailbridge.oauth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.ConnectException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AuthorityErrorCatalogTest {

    private static final String TRAILER = " Trace ID: 4f1c2a9e-7b3d-4e8f-a1c2-9d8e7f6a5b00"
            + " Correlation ID: 8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d Timestamp: 2025-03-14 09:26:53Z";

    static Stream<Arguments> entraErrors() {
        return Stream.of(
                arguments("invalid_grant",
                        "AADSTS700082: The refresh token has expired due to inactivity. The token was issued on "
                                + "2024-11-02T08:15:30.1234567Z and was inactive for 90.00:00:00." + TRAILER,
                        "AADSTS700082", "refresh-token-expired", true, "sign the mailbox in again"),
                arguments("invalid_grant",
                        "AADSTS70043: The refresh token has expired or is invalid due to sign-in frequency checks by "
                                + "conditional access. The token was issued on 2025-03-13T09:00:00.0000000Z and the "
                                + "maximum allowed lifetime for this request is 28800." + TRAILER,
                        "AADSTS70043", "sign-in-frequency", true, "sign-in frequency"),
                arguments("invalid_client",
                        "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is "
                                + "the client secret value, not the client secret ID, for a secret added to app "
                                + "'0b5a8c3e-6f1d-4e2a-9c7b-1d2e3f4a5b6c'." + TRAILER,
                        "AADSTS7000215", "invalid-client-secret", false, "'Value'"),
                arguments("invalid_client",
                        "AADSTS7000222: The provided client secret keys for app '0b5a8c3e-6f1d-4e2a-9c7b-1d2e3f4a5b6c' "
                                + "are expired. Visit the Azure portal to create new keys for your app: "
                                + "https://aka.ms/NewClientSecret, or consider using certificate credentials for "
                                + "added security: https://aka.ms/certCreds." + TRAILER,
                        "AADSTS7000222", "client-secret-expired", false, "create a new secret"),
                arguments("invalid_grant",
                        "AADSTS65001: The user or administrator has not consented to use the application with ID "
                                + "'0b5a8c3e-6f1d-4e2a-9c7b-1d2e3f4a5b6c' named 'mailbridge'. Send an interactive "
                                + "authorization request for this user and resource." + TRAILER,
                        "AADSTS65001", "consent-missing", true, "Grant admin consent"),
                arguments("invalid_request",
                        "AADSTS50194: Application '0b5a8c3e-6f1d-4e2a-9c7b-1d2e3f4a5b6c'(mailbridge) is not configured "
                                + "as a multi-tenant application. Usage of the /common endpoint is not supported for "
                                + "such applications created after '10/15/2018'. Use a tenant-specific endpoint or "
                                + "configure the application to be multi-tenant." + TRAILER,
                        "AADSTS50194", "wrong-tenant", false, "tenant-id"),
                arguments("unauthorized_client",
                        "AADSTS700016: Application with identifier '0b5a8c3e-6f1d-4e2a-9c7b-1d2e3f4a5b6c' was not found "
                                + "in the directory 'Contoso'. This can happen if the application has not been "
                                + "installed by the administrator of the tenant or consented to by any user in the "
                                + "tenant. You may have sent your authentication request to the wrong tenant." + TRAILER,
                        "AADSTS700016", "app-not-found-in-tenant", false, "client-id and tenant-id"),
                arguments("invalid_grant",
                        "AADSTS50076: Due to a configuration change made by your administrator, or because you moved "
                                + "to a new location, you must use multi-factor authentication to access "
                                + "'00000002-0000-0ff1-ce00-000000000000'." + TRAILER,
                        "AADSTS50076", "mfa-required", true, "complete MFA"));
    }

    @ParameterizedTest(name = "{2} -> {3}")
    @MethodSource("entraErrors")
    void entraErrorIsNamedWithItsFix(String error, String description, String code, String cause,
                                     boolean needsSignIn, String fixMentions) {
        TokenFailure failure = AuthorityErrorCatalog.explain(error, description);

        assertThat(failure.cause()).isEqualTo(cause);
        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.needsSignIn()).isEqualTo(needsSignIn);
        assertThat(failure.fix()).contains(fixMentions);
        assertThat(failure.summary()).doesNotContain("Trace ID").doesNotContain("Correlation ID");
    }

    @Test
    void entraErrorIsRecognisedInMultiLineDescriptions() {
        TokenFailure failure = AuthorityErrorCatalog.explain("invalid_grant",
                "AADSTS700082: The refresh token has expired due to inactivity.\r\n"
                        + "Trace ID: 4f1c2a9e-7b3d-4e8f-a1c2-9d8e7f6a5b00\r\n"
                        + "Correlation ID: 8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d\r\n"
                        + "Timestamp: 2025-03-14 09:26:53Z");

        assertThat(failure.cause()).isEqualTo("refresh-token-expired");
        assertThat(failure.needsSignIn()).isTrue();
    }

    @Test
    void invalidGrantWithoutAadstsCodeNeedsSignIn() {
        TokenFailure failure = AuthorityErrorCatalog.explain("invalid_grant", "Refresh token has been revoked");

        assertThat(failure.cause()).isEqualTo("refresh-token-invalid");
        assertThat(failure.code()).isEqualTo("invalid_grant");
        assertThat(failure.needsSignIn()).isTrue();
    }

    @Test
    void oauthErrorNameIsMatchedCaseInsensitively() {
        TokenFailure failure = AuthorityErrorCatalog.explain("INVALID_CLIENT", null);

        assertThat(failure.cause()).isEqualTo("invalid-client");
        assertThat(failure.needsSignIn()).isFalse();
    }

    @Test
    void unknownAadstsCodeKeepsTheCodeAndTheSentenceButNotTheTraceIds() {
        TokenFailure failure = AuthorityErrorCatalog.explain("invalid_request",
                "AADSTS9002313: Invalid request. Request is malformed or invalid." + TRAILER);

        assertThat(failure.cause()).isEqualTo("authority-error");
        assertThat(failure.code()).isEqualTo("AADSTS9002313");
        assertThat(failure.summary())
                .contains("Request is malformed or invalid.")
                .doesNotContain("Trace ID")
                .doesNotContain("4f1c2a9e")
                .doesNotContain("Correlation ID");
        assertThat(failure.fix()).contains("AADSTS9002313");
        assertThat(failure.needsSignIn()).isFalse();
    }

    @Test
    void unknownAadstsCodeOnInvalidGrantNeedsSignIn() {
        TokenFailure failure = AuthorityErrorCatalog.explain("invalid_grant",
                "AADSTS54005: OAuth2 Authorization code was already redeemed, please retry with a new valid code "
                        + "or use an existing refresh token." + TRAILER);

        assertThat(failure.code()).isEqualTo("AADSTS54005");
        assertThat(failure.needsSignIn()).isTrue();
    }

    @Test
    void unknownAadstsCodeSummaryStopsAtTheFirstLine() {
        TokenFailure failure = AuthorityErrorCatalog.explain("invalid_request",
                "AADSTS9002313: Invalid request. Request is malformed or invalid.\n"
                        + "Trace ID: 4f1c2a9e-7b3d-4e8f-a1c2-9d8e7f6a5b00\n"
                        + "Correlation ID: 8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d");

        assertThat(failure.summary())
                .contains("Request is malformed or invalid.")
                .doesNotContain("Trace ID")
                .doesNotContain("\n");
    }

    @Test
    void unrecognisedErrorWithoutCodeQuotesOnlyTheFirstSentenceLine() {
        TokenFailure failure = AuthorityErrorCatalog.explain("temporarily_unavailable",
                "The service is temporarily unavailable." + TRAILER);

        assertThat(failure.cause()).isEqualTo("authority-error");
        assertThat(failure.code()).isEqualTo("temporarily_unavailable");
        assertThat(failure.summary())
                .contains("The service is temporarily unavailable.")
                .doesNotContain("Trace ID");
        assertThat(failure.needsSignIn()).isFalse();
    }

    @Test
    void describeContainsCauseCodeSummaryAndFix() {
        TokenFailure failure = AuthorityErrorCatalog.explain("invalid_grant",
                "AADSTS700082: The refresh token has expired due to inactivity." + TRAILER);

        assertThat(failure.describe())
                .startsWith("refresh-token-expired (AADSTS700082): ")
                .contains(failure.summary())
                .contains("Fix: " + failure.fix())
                .doesNotContain("Trace ID");
    }

    @Test
    void describeWithoutCodeOmitsTheParentheses() {
        TokenFailure failure = AuthorityErrorCatalog.unreachable("https://login.microsoftonline.com/contoso/",
                new ConnectException("Connection refused"));

        assertThat(failure.code()).isNull();
        assertThat(failure.describe())
                .startsWith("authority-unreachable: ")
                .contains("Connection refused")
                .contains("Fix: ");
    }
}
