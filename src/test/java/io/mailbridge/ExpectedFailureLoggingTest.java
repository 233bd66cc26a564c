package io.mailbridge;

import io.mailbridge.inbound.InboundDeliveryException;
import io.mailbridge.support.LogCapture;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The route configuration that keeps Camel's report of an expected failure out of the log, in every route. */
class ExpectedFailureLoggingTest extends CamelTestSupport {

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] {new ExpectedFailureLogging(), new RouteBuilder() {
            @Override
            public void configure() {
                // a route of its own, as a user's route file would add: the configuration applies without naming it
                from("direct:deliver").routeId("deliver").process(exchange -> {
                    throw exchange.getMessage().getBody(Exception.class);
                });
            }
        }};
    }

    @Test
    void anExpectedFailureStillFailsTheExchangeButCamelDoesNotReportIt() {
        try (LogCapture log = new LogCapture()) {
            Exchange expected = template.send("direct:deliver",
                    e -> e.getMessage().setBody(new InboundDeliveryException("the ERP answered 503; retried later")));
            Exchange unexpected = template.send("direct:deliver",
                    e -> e.getMessage().setBody(new IllegalStateException("a fault nobody expected")));

            // failed, so the mail stays untouched on the server
            assertThat(expected.getException()).isInstanceOf(InboundDeliveryException.class);
            assertThat(unexpected.getException()).isInstanceOf(IllegalStateException.class);
            // Camel's report (message history, stack trace) of the unexpected fault shows the capture sees it
            assertThat(log.text()).contains("a fault nobody expected").doesNotContain("the ERP answered 503");
        }
    }
}
