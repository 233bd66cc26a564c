package io.mailbridge.inbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.support.RunningApp;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped inbound route, with its ERP call advised into a mock endpoint: what the route hands the ERP for each
 * seeded sandbox mail, and that an accepted mail is handed over once.
 */
class InboundRouteWiringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROUTE = "inbound-sandbox-erp";

    @Test
    void eachMailReachesTheErpOnceAsAJsonDocumentWithItsIdempotencyKeyAndNoMailHeaders() throws Exception {
        // no route file in the home: the test adds the shipped route itself, advised before it starts
        Path home = RunningApp.newHome("mailbridge-inbound-wiring");
        int port = RunningApp.freePort();
        Map<String, String> settings = new HashMap<>(RunningApp.sandboxSettings(home, port));
        settings.put("mailbridge.erp.url", "http://localhost:" + port + "/sandbox/erp/documents");
        settings.put("mailbridge.inbound.poll-delay-ms", "300");
        try (RunningApp app = RunningApp.start(home, settings, port)) {
            CamelContext camel = app.camel();
            RouteDefinition route = shippedRoute(camel, Path.of("routes", ROUTE + ".camel.yaml"));
            route.autoStartup(false);
            camel.getCamelContextExtension().getContextPlugin(Model.class).addRouteDefinition(route);
            AdviceWith.adviceWith(camel, ROUTE, advice -> advice.weaveByType(ToDefinition.class).selectFirst()
                    .replace().to("mock:erp"));

            MockEndpoint erp = camel.getEndpoint("mock:erp", MockEndpoint.class);
            // read as the ERP would at the moment of the call: the mock's own copies hold a mail no longer in the inbox
            List<Map<String, Object>> headers = new CopyOnWriteArrayList<>();
            List<String> bodies = new CopyOnWriteArrayList<>();
            erp.whenAnyExchangeReceived(exchange -> {
                headers.add(Map.copyOf(exchange.getIn().getHeaders()));
                bodies.add(exchange.getIn().getBody(String.class));
                exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            });
            erp.expectedMessageCount(4);
            // still four a while after the last: a delivered mail is not read and handed over again
            erp.setAssertPeriod(2_000);
            NotifyBuilder completed = new NotifyBuilder(camel).fromRoute(ROUTE).whenCompleted(4).create();
            camel.getRouteController().startRoute(ROUTE);

            assertThat(completed.matches(30, TimeUnit.SECONDS)).as("four exchanges through the route").isTrue();
            erp.assertIsSatisfied(10_000);
            List<String> keys = new ArrayList<>();
            for (Map<String, Object> sent : headers) {
                // the mail's own headers never travel on: one of them could steer the ERP call
                assertThat(sent.keySet()).containsExactlyInAnyOrder(Exchange.CONTENT_TYPE, InboundPipeline.IDEMPOTENCY_KEY);
                assertThat((String) sent.get(Exchange.CONTENT_TYPE)).startsWith("application/json");
                String key = (String) sent.get(InboundPipeline.IDEMPOTENCY_KEY);
                assertThat(key).startsWith("sandbox-ap/INBOX/");
                keys.add(key);
            }
            List<String> subjects = new ArrayList<>();
            for (String body : bodies) {
                subjects.add(JSON.readTree(body).get("subject").asText());
            }
            assertThat(keys).doesNotHaveDuplicates();
            assertThat(subjects).containsExactlyInAnyOrder("Welcome to the mailbridge sandbox", "Invoice 2024-001",
                    "Fwd: supplier question", "Grüße");
        } finally {
            RunningApp.deleteRecursively(home);
        }
    }

    /** The one route of a shipped route file, as Camel's YAML loader reads it, not yet added to the context. */
    private static RouteDefinition shippedRoute(CamelContext camel, Path file) throws Exception {
        Resource resource = ResourceHelper.resolveMandatoryResource(camel, "file:" + file.toAbsolutePath());
        List<RouteDefinition> routes = new ArrayList<>();
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource)) {
            routes.addAll(((RouteBuilder) builder).configureRoutes(camel).getRoutes());
        }
        assertThat(routes).hasSize(1);
        return routes.get(0);
    }
}
