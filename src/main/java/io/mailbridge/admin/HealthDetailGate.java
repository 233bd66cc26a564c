package io.mailbridge.admin;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;

/**
 * Keeps the health checks' details (mailbox addresses, token expiry, the authority's error text) for admins: any other
 * request for {@code /observe/health} gets the overall status only ({@code exposureLevel=oneline}: UP with 200, DOWN
 * with 503), which is what a load balancer or an orchestrator's probe needs.
 */
final class HealthDetailGate implements AuthenticationHandler {

    private static final String ONE_LINE = "exposureLevel=oneline";

    private final ApiGate admins;

    HealthDetailGate(ApiGate admins) {
        this.admins = admins;
    }

    @Override
    public void handle(RoutingContext context) {
        if (ONE_LINE.equals(context.request().query()) || admins.verdict(context.request()).admin()) {
            context.next();
            return;
        }
        // Camel's default level would still list the checks that are down, with their messages: one line it is
        context.reroute(context.request().path() + "?" + ONE_LINE);
    }
}
