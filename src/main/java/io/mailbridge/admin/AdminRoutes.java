package io.mailbridge.admin;

import org.apache.camel.builder.RouteBuilder;

/** The HTTP surface: sign-in pages and the admin API. Wiring only; the work is in the beans. */
public final class AdminRoutes extends RouteBuilder {

    private final MailboxApi mailboxes;
    private final SignInPages signIn;
    private final OutboundApi outbound;
    private final InboundApi inbound;
    private final RoutesApi routes;
    private final AdminPages pages;

    public AdminRoutes(MailboxApi mailboxes, SignInPages signIn, OutboundApi outbound, InboundApi inbound, RoutesApi routes,
                       AdminPages pages) {
        this.mailboxes = mailboxes;
        this.signIn = signIn;
        this.outbound = outbound;
        this.inbound = inbound;
        this.routes = routes;
        this.pages = pages;
    }

    @Override
    public void configure() {
        from("platform-http:/admin?httpMethodRestrict=GET").routeId("admin-page").process(pages::page);
        from("platform-http:/admin/login?httpMethodRestrict=POST").routeId("admin-login").process(pages::login);
        from("platform-http:/admin/logout?httpMethodRestrict=POST").routeId("admin-logout").process(pages::logout);
        from("platform-http:/admin/session?httpMethodRestrict=GET").routeId("admin-session").process(pages::session);
        from("platform-http:/admin/assets/{file}?httpMethodRestrict=GET").routeId("admin-assets").process(pages::asset);
        from("platform-http:/api/routes?httpMethodRestrict=GET").routeId("admin-api-routes").process(routes::list);
        from("platform-http:/api/mailboxes?httpMethodRestrict=GET").routeId("admin-api-mailboxes")
                .process(mailboxes::list);
        from("platform-http:/api/mailboxes/{id}?httpMethodRestrict=GET").routeId("admin-api-mailbox")
                .process(mailboxes::one);
        from("platform-http:/api/mailboxes/{id}/test?httpMethodRestrict=POST").routeId("admin-api-mailbox-test")
                .process(mailboxes::test);
        from("platform-http:/oauth/{mailbox}/sign-in?httpMethodRestrict=GET").routeId("oauth-sign-in")
                .process(signIn::start);
        from("platform-http:/oauth/callback?httpMethodRestrict=GET,POST").routeId("oauth-callback")
                .process(signIn::callback);
        // the API's bodies are read by the beans themselves (RequestBodies), a chunk at a time and only up to the limit
        from("platform-http:/api/outbound?httpMethodRestrict=GET,POST&useBodyHandler=false").routeId("admin-api-outbound")
                .choice().when(header(org.apache.camel.Exchange.HTTP_METHOD).isEqualTo("GET")).process(outbound::recent)
                .otherwise().process(outbound::send);
        from("platform-http:/api/outbound/{id}/retry?httpMethodRestrict=POST").routeId("admin-api-outbound-retry")
                .process(outbound::retry);
        from("platform-http:/api/inbound?httpMethodRestrict=GET").routeId("admin-api-inbound")
                .process(inbound::list);
        from("platform-http:/api/inbound/replay?httpMethodRestrict=POST").routeId("admin-api-inbound-replay")
                .process(inbound::replay);
        // a batch of thousands of invoices goes from the connection straight to the batch file, never whole into memory
        from("platform-http:/api/outbound/batches?httpMethodRestrict=GET,POST&useBodyHandler=false").routeId("admin-api-outbound-batch")
                .choice().when(header(org.apache.camel.Exchange.HTTP_METHOD).isEqualTo("GET")).process(outbound::recentBatches)
                .otherwise().process(outbound::sendBatch);
        from("platform-http:/api/outbound/batches/{batchId}?httpMethodRestrict=GET").routeId("admin-api-outbound-batch-status")
                .process(outbound::batchStatus);
        from("platform-http:/api/outbound/{id}?httpMethodRestrict=GET").routeId("admin-api-outbound-status")
                .process(outbound::status);
    }
}
