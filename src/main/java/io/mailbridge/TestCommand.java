package io.mailbridge;

import io.mailbridge.config.Settings;
import com.fasterxml.jackson.databind.JsonNode;
import io.mailbridge.common.Json;
import io.mailbridge.mailbox.ConfigurationException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code test <mailbox>}: the connection test from the command line of a headless server. It asks the running
 * mailbridge (which holds the tokens and the connections), so that both see the same state.
 */
final class TestCommand {


    private TestCommand() {
    }

    static int run(String configLocation, String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: java -jar mailbridge.jar test <mailbox-id>   (with MAILBRIDGE_ADMIN_TOKEN set)");
            return 2;
        }
        String base;
        Optional<String> token;
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PropertiesComponent properties = context.getPropertiesComponent();
            properties.setLocation(configLocation);
            base = "http://localhost:" + new Settings(properties).text("camel.server.port", "8080");
            token = Optional.ofNullable(MailbridgeSettings.bind(context).general().getAdminToken());
        } catch (ConfigurationException | IOException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (token.isEmpty()) {
            err.println("Set MAILBRIDGE_ADMIN_TOKEN to the admin token of the running mailbridge (the sandbox prints its "
                    + "generated one at startup).");
            return 2;
        }
        HttpResponse<String> answer;
        try {
            answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(URI.create(base + "/api/mailboxes/" + args[1] + "/test"))
                            .header("Authorization", "Bearer " + token.get())
                            .timeout(Duration.ofMinutes(3))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("mailbridge does not answer at " + base + " (" + e + "): start it first; the test runs inside it.");
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
        try {
            JsonNode body = Json.MAPPER.readTree(answer.body());
            if (answer.statusCode() != 200) {
                err.println(body.path("message").asText(answer.body()));
                return 2;
            }
            out.println("Connection test of mailbox '" + body.get("mailbox").asText() + "':");
            for (JsonNode step : body.get("steps")) {
                String outcome = step.get("outcome").asText();
                out.printf("  %-7s %-11s %s%n", outcome.toUpperCase(Locale.ROOT), step.get("name").asText(),
                        step.path("detail").asText(""));
                if (step.has("cause")) {
                    out.println("          cause: " + step.get("cause").asText());
                    out.println("          fix:   " + step.get("fix").asText());
                }
            }
            out.println(body.get("passed").asBoolean() ? "All steps passed." : "The test stopped at the first broken link.");
            return body.get("passed").asBoolean() ? 0 : 1;
        } catch (IOException e) {
            err.println("unexpected answer from mailbridge: HTTP " + answer.statusCode());
            return 2;
        }
    }
}
