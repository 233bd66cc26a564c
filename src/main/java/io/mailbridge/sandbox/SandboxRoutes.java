package io.mailbridge.sandbox;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/** The sandbox's sample ERP on mailbridge's own HTTP port. */
public final class SandboxRoutes extends RouteBuilder {

    private final SandboxErpSink sink;

    public SandboxRoutes(SandboxErpSink sink) {
        this.sink = sink;
    }

    @Override
    public void configure() {
        from("platform-http:/sandbox/erp/documents?httpMethodRestrict=GET,POST").routeId("sandbox-erp")
                .process(exchange -> {
                    if ("POST".equals(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class))) {
                        sink.accept(exchange);
                    } else {
                        sink.list(exchange);
                    }
                });
    }
}
