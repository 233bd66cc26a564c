package io.mailbridge.support;

import io.mailbridge.oauth.AuthorityClient;
import io.mailbridge.oauth.MsalAuthorityClient;
import io.mailbridge.oauth.SignInService;
import io.mailbridge.oauth.TokenService;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Does what a person's browser does at the sandbox authority: fills in the login page and returns its answer. */
public final class BrowserlessSignIn {

    /** What the authority sends back to the redirect URI {@code action}. */
    public record Answer(String action, String code, String state) {
        public String formBody() {
            return "code=" + URLEncoder.encode(code, StandardCharsets.UTF_8) + "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
        }
    }

    private BrowserlessSignIn() {
    }

    /**
     * Signs a delegated mailbox ({@code <mailboxId>@example.test}) in to the token service through the authority's
     * login page, as a person would.
     */
    public static void signIn(TestAuthority authority, TokenService tokens, String mailboxId) throws Exception {
        AuthorityClient client = new MsalAuthorityClient(authority.trustForClient());
        SignInService signIn = new SignInService(tokens, client, "http://localhost/oauth/callback", Clock.systemUTC());
        SignInService.Started started = signIn.start(mailboxId);
        Answer answer = logIn(started.authorizationUrl(), mailboxId + "@example.test", authority.trust());
        signIn.complete(answer.state(), started.browserKey(), answer.code(), null, null);
    }

    public static Answer logIn(URI authorizeUrl, String username, SSLContext trust) throws Exception {
        return logIn(authorizeUrl, username, null, trust);
    }

    /**
     * @param claims JSON of claims the login page's "claims" field adds to the tokens (overriding the authority's own),
     *               or null
     */
    public static Answer logIn(URI authorizeUrl, String username, String claims, SSLContext trust) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trust).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(authorizeUrl).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (!page.body().contains("<form")) {
            throw new IllegalStateException("expected the login page, got " + page.statusCode());
        }
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + (claims == null ? "" : "&claims=" + URLEncoder.encode(claims, StandardCharsets.UTF_8));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(authorizeUrl)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 == 3) {
            // response_mode=query: the browser is sent back to the redirect URI with code and state in the query
            URI back = URI.create(answer.headers().firstValue("Location").orElseThrow());
            String query = back.getRawQuery();
            return new Answer(back.getScheme() + "://" + back.getRawAuthority() + back.getRawPath(),
                    decode(field("&" + query, "&code=([^&]*)")), decode(field("&" + query, "&state=([^&]*)")));
        }
        return new Answer(field(answer.body(), "action=\"([^\"]*)\""), field(answer.body(), "name=\"code\" value=\"([^\"]*)\""),
                field(answer.body(), "name=\"state\" value=\"([^\"]*)\""));
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String field(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in the authority's answer: " + html);
        }
        return m.group(1);
    }
}
