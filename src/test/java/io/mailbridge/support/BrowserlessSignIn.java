package io.mailbridge.support;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Does what a person's browser does at the sandbox authority: fills in the login page and returns its answer. */
public final class BrowserlessSignIn {

    /** What the authority posts back to the redirect URI (Entra's form_post). */
    public record Answer(String action, String code, String state) {
        public String formBody() {
            return "code=" + URLEncoder.encode(code, StandardCharsets.UTF_8) + "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
        }
    }

    private BrowserlessSignIn() {
    }

    public static Answer logIn(URI authorizeUrl, String username, SSLContext trust) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trust).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(authorizeUrl).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (!page.body().contains("<form")) {
            throw new IllegalStateException("expected the login page, got " + page.statusCode());
        }
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(authorizeUrl)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(field(answer.body(), "action=\"([^\"]*)\""), field(answer.body(), "name=\"code\" value=\"([^\"]*)\""),
                field(answer.body(), "name=\"state\" value=\"([^\"]*)\""));
    }

    private static String field(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in the authority's answer: " + html);
        }
        return m.group(1);
    }
}
