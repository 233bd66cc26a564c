package io.mailbridge.admin;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
     * (and before it listens), so early handlers go there; the more specific path runs first.
     *
     * @return false when there is no HTTP server
     */
    static boolean add(CamelContext context, String path, AuthenticationHandler handler) {
        MainHttpServer server = context.hasService(MainHttpServer.class);
        if (server == null) {
            return false;
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
        return true;
    }

    /** A JSON answer {@code {"error": ..., "message": ...}} plus {@code extra} fields. */
    static void json(HttpServerRequest request, int status, String error, String message, Map<String, Object> extra,
                     Map<String, String> headers) {
        JsonObject body = new JsonObject().put("error", error).put("message", message);
        extra.forEach(body::put);
        var response = request.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store");
        headers.forEach(response::putHeader);
        response.end(Buffer.buffer(body.encodePrettily()));
    }

    /**
     * A refusal written before the body was read: the body is never read, and the connection closes once the client
     * had a moment to read the answer, so a slow or endless upload holds nothing for long.
     */
    static void refuse(Vertx vertx, HttpServerRequest request, int status, String error, String message,
                       Map<String, Object> extra, Map<String, String> headers) {
        if (request.version() != HttpVersion.HTTP_2) {
            request.pause(); // the socket stops being read once Vert.x's buffer is full
        }
        closeSoon(vertx, request);
        json(request, status, error, message, extra, headers);
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
