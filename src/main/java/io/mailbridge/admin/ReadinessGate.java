package io.mailbridge.admin;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import org.apache.camel.CamelContext;

/** Answers 503 to every HTTP request while Camel starts or stops, and lets requests through once it has started. */
public final class ReadinessGate implements AuthenticationHandler {

    private static final String STARTING = "{\"error\":\"starting\",\"message\":\"mailbridge is starting; try again in a moment\"}";
    private static final String STOPPING = "{\"error\":\"stopping\",\"message\":\"mailbridge is stopping\"}";

    private final CamelContext context;

    private ReadinessGate(CamelContext context) {
        this.context = context;
    }

    /**
     * Puts the gate in front of every path of the HTTP server ({@code camel.server.*}), if there is one. The server
     * listens before Camel starts the routes, since each route adds itself to the server's router as it starts; without
     * the gate a request in between gets Vert.x's "Resource not found" page for a path that is about to exist.
     */
    public static void install(CamelContext context) {
        EarlyHandlers.add(context, "/*", new ReadinessGate(context));
    }

    @Override
    public void handle(RoutingContext request) {
        String answer = switch (context.getStatus()) {
            case Started -> null;
            case Initializing, Initialized, Starting -> STARTING;
            default -> STOPPING;
        };
        if (answer == null) {
            request.next();
            return;
        }
        request.response().setStatusCode(503)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .putHeader("Retry-After", "1")
                .end(answer);
    }
}
