package io.mailbridge.admin;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.handler.AuthenticationHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;

import java.util.Map;

/**
 * Puts Vert.x handlers in front of paths of the HTTP server ({@code camel.server.*}), where they run before any route
 * reads a byte of the request body, and writes their answers.
 */
final class EarlyHandlers {

    /** How long a refused client gets to read its answer before the connection, and its unread body, is dropped. */
    private static final long CLOSE_AFTER_MS = 2000;

    private EarlyHandlers() {
    }

    /**
     * The handlers of the server's authentication configuration are the only ones it puts in place before its routes
     * (and before it listens), so early handlers go there; the more specific path runs first. Without an HTTP server
     * there is nothing to guard.
     */
    static void add(CamelContext context, String path, AuthenticationHandler handler) {
        MainHttpServer server = context.hasService(MainHttpServer.class);
        if (server == null) {
            return;
        }
        AuthenticationConfig.AuthenticationConfigEntry entry = new AuthenticationConfig.AuthenticationConfigEntry();
        entry.setPath(path);
        entry.setAuthenticationProviderFactory(vertx -> null);
        entry.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(T provider) {
                return handler;
            }
        });
        AuthenticationConfig handlers = server.getConfiguration().getAuthenticationConfig();
        handlers.getEntries().add(entry);
        handlers.setEnabled(true);
    }

    /**
     * A JSON answer written before the body was read: the body is never read, and {@link #closeSoon} ends it, so a slow
     * or endless upload holds nothing for long.
     */
    static void refuse(Vertx vertx, HttpServerRequest request, int status, Map<String, Object> body, Map<String, String> headers) {
        if (request.version() != HttpVersion.HTTP_2) {
            request.pause(); // the socket stops being read once Vert.x's buffer is full
        }
        closeSoon(vertx, request);
        HttpServerResponse response = request.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store");
        headers.forEach(response::putHeader);
        response.end(new JsonObject(body).encodePrettily());
    }

    /**
     * Ends the request's unread body a moment after the answer went out: closed at once under a client still sending,
     * the connection or stream would be reset and the client could lose the answer; left open, the rest of the body
     * would hold it forever. Over HTTP/1.1 the connection closes (unless the client closes it first, as
     * {@code Connection: close} asks); over HTTP/2 only the request's stream is reset, and what arrives meanwhile is
     * discarded, so the connection's flow-control window is given back to its other requests.
     */
    static void closeSoon(Vertx vertx, HttpServerRequest request) {
        HttpServerResponse response = request.response();
        boolean http2 = request.version() == HttpVersion.HTTP_2;
        HttpConnection connection = request.connection();
        Runnable close = http2
                ? () -> {
                    request.handler(discarded -> { }).resume();
                    vertx.setTimer(CLOSE_AFTER_MS, id -> {
                        if (!request.isEnded()) {
                            response.reset(0);
                        }
                    });
                }
                : () -> vertx.setTimer(CLOSE_AFTER_MS, id -> connection.close());
        if (response.ended()) {
            close.run();
            return;
        }
        if (!http2 && !response.headWritten()) {
            response.putHeader("Connection", "close");
        }
        response.endHandler(v -> close.run());
    }
}
