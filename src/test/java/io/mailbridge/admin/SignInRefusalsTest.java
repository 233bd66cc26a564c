package io.mailbridge.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.sandbox.Sandbox;
import io.mailbridge.support.BrowserlessSignIn;
import io.mailbridge.support.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on the browser sign-in of the running application, against the sandbox authority: a sign-in link finished in
 * another browser, and a sign-in by another account or by an account the authority does not name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignInRefusalsTest {

    private static final String MAILBOX = Sandbox.DELEGATED_MAILBOX;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningApp app;

    /** A sign-in the admin started: the authority URL and the cookie the admin's browser got. */
    private record Started(URI authorize, String cookie) {
    }

    @BeforeAll
    void start() throws Exception {
        app = RunningApp.sandbox("mailbridge-sign-in");
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    private Started startSignIn() throws Exception {
        HttpResponse<String> redirect = app.get("/oauth/" + MAILBOX + "/sign-in", RunningApp.ADMIN_TOKEN);
        assertThat(redirect.statusCode()).isEqualTo(302);
        return new Started(URI.create(redirect.headers().firstValue("Location").orElseThrow()), RunningApp.cookie(redirect));
    }

    private BrowserlessSignIn.Answer logIn(Started started, String username, String claims) throws Exception {
        return BrowserlessSignIn.logIn(started.authorize(), username, claims,
                app.camel().getRegistry().lookupByNameAndType("sandbox", Sandbox.class).authorityTrust());
    }

    private String tokenStatus() throws Exception {
        return JSON.readTree(app.get("/api/mailboxes/" + MAILBOX, RunningApp.ADMIN_TOKEN).body()).get("tokenStatus").asText();
    }

    @Test
    @Order(1)
    void aSignInLinkFinishedWithoutTheStartingBrowsersCookieIsRefused() throws Exception {
        Started admin = startSignIn();
        // someone else opens the admin's sign-in link and signs in, even with the right account
        BrowserlessSignIn.Answer answer = logIn(admin, Sandbox.DELEGATED_ADDRESS, null);

        HttpResponse<String> noCookie = app.get("/oauth/callback?" + answer.formBody(), null);

        assertThat(noCookie.statusCode()).isEqualTo(403);
        assertThat(noCookie.body()).contains("started in another browser", "tokens are unchanged");
        assertThat(tokenStatus()).isEqualTo("needs-sign-in");
        // the link is spent: the admin starts again
        assertThat(app.getWithCookie("/oauth/callback?" + answer.formBody(), admin.cookie()).statusCode()).isEqualTo(400);
    }

    @Test
    @Order(2)
    void aSignInLinkFinishedWithAnotherBrowsersCookieIsRefused() throws Exception {
        Started admin = startSignIn();
        Started other = startSignIn();
        BrowserlessSignIn.Answer answer = logIn(admin, Sandbox.DELEGATED_ADDRESS, null);
        // the other browser's key, under the name of the admin's sign-in cookie
        String forged = admin.cookie().split("=", 2)[0] + "=" + other.cookie().split("=", 2)[1];

        HttpResponse<String> refused = app.getWithCookie("/oauth/callback?" + answer.formBody(), forged);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("started in another browser");
        assertThat(tokenStatus()).isEqualTo("needs-sign-in");
    }

    @Test
    @Order(3)
    void aSignInWhoseIdTokenNamesAnotherAccountIsRefused() throws Exception {
        Started admin = startSignIn();
        BrowserlessSignIn.Answer answer = logIn(admin, Sandbox.DELEGATED_ADDRESS,
                "{\"preferred_username\":\"mallory@sandbox.test\"}");

        HttpResponse<String> refused = app.getWithCookie("/oauth/callback?" + answer.formBody(), admin.cookie());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains(Sandbox.DELEGATED_ADDRESS, "mallory@sandbox.test", "unchanged");
        assertThat(tokenStatus()).isEqualTo("needs-sign-in");
    }

    @Test
    @Order(4)
    void aSignInWhoseIdTokenNamesNoAccountIsRefused() throws Exception {
        Started admin = startSignIn();
        // the login page's claims override the authority's: no preferred_username, email or upn is left
        BrowserlessSignIn.Answer answer = logIn(admin, Sandbox.DELEGATED_ADDRESS, "{\"preferred_username\":null}");

        HttpResponse<String> refused = app.getWithCookie("/oauth/callback?" + answer.formBody(), admin.cookie());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains(Sandbox.DELEGATED_ADDRESS, "did not say which account", "unchanged");
        assertThat(tokenStatus()).isEqualTo("needs-sign-in");
    }

    @Test
    @Order(5)
    void theMailboxsOwnAccountSignsInFromTheBrowserThatStartedIt() throws Exception {
        HttpResponse<String> redirect = app.get("/oauth/" + MAILBOX + "/sign-in", RunningApp.ADMIN_TOKEN);
        String setCookie = redirect.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("mailbridge_sign_in_").contains("; Path=/oauth/callback", "; HttpOnly", "; SameSite=Lax")
                .doesNotContain("Secure");
        Started admin = new Started(URI.create(redirect.headers().firstValue("Location").orElseThrow()), RunningApp.cookie(redirect));
        BrowserlessSignIn.Answer answer = logIn(admin, Sandbox.DELEGATED_ADDRESS, null);

        HttpResponse<String> done = app.getWithCookie("/oauth/callback?" + answer.formBody(), admin.cookie());

        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(tokenStatus()).isEqualTo("valid");
    }
}
