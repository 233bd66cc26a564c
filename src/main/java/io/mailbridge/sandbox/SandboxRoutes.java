package io.mailbridge.sandbox;

import io.vertx.core.net.SocketAddress;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The sandbox's sample ERP on mailbridge's own HTTP port, answering callers on this machine only. */
public final class SandboxRoutes extends RouteBuilder {

    private final SandboxErpSink sink;

    public SandboxRoutes(SandboxErpSink sink) {
        this.sink = sink;
    }

    @Override
    public void configure() {
        from("platform-http:/sandbox/erp/documents?httpMethodRestrict=GET,POST").routeId("sandbox-erp")
                .process(exchange -> {
                    if (!fromLoopback(exchange.getMessage().getHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS))) {
                        // the web port may face the network; the sample ERP stores and lists whatever mail it is given
                        exchange.getMessage().removeHeaders("*");
                        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 403);
                        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                        exchange.getMessage().setBody("{\"error\":\"the sandbox's sample ERP answers only on this machine: "
                                + "call it at http://localhost:<port>/sandbox/erp/documents\"}");
                    } else if ("POST".equals(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class))) {
                        sink.accept(exchange);
                    } else {
                        sink.list(exchange);
                    }
                });
    }

    /** Whether the caller's address (Vert.x's {@code SocketAddress}) is this machine's loopback; unknown is not. */
    static boolean fromLoopback(Object remote) {
        if (!(remote instanceof SocketAddress address) || address.hostAddress() == null) {
            return false;
        }
        try {
            // an address literal: no name is looked up
            return InetAddress.getByName(address.hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
