package io.mailbridge.admin;

import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestParamType;

/**
 * The HTTP surface: the admin API in Camel's Rest DSL (described at {@code /api/openapi.json}), the admin page and the
 * sign-in pages. Wiring only; the work is in the beans.
 */
public final class AdminRoutes extends RouteBuilder {

    private final MailboxApi mailboxes;
    private final SignInPages signIn;
    private final OutboundApi outbound;
    private final InboundApi inbound;
    private final RoutesApi routes;
    private final AdminPages pages;
    private final AdminTokenGuard guard;

    public AdminRoutes(MailboxApi mailboxes, SignInPages signIn, OutboundApi outbound, InboundApi inbound, RoutesApi routes,
                       AdminPages pages, AdminTokenGuard guard) {
        this.mailboxes = mailboxes;
        this.signIn = signIn;
        this.outbound = outbound;
        this.inbound = inbound;
        this.routes = routes;
        this.pages = pages;
        this.guard = guard;
    }

    @Override
    public void configure() {
        // every API call passes here first (Camel wants the interception declared before any route); the HTTP server's gate (ApiGate) has already checked the token, before
        // any body was read; this adds the admin page's CSRF check for changes asked with its session cookie
        interceptFrom("rest:*").process(exchange -> {
            if (!guard.admit(exchange)) {
                exchange.setRouteStop(true);
            }
        });
        from("platform-http:/admin?httpMethodRestrict=GET").routeId("admin-page").process(pages::page);
        from("platform-http:/admin/login?httpMethodRestrict=POST").routeId("admin-login").process(pages::login);
        from("platform-http:/admin/logout?httpMethodRestrict=POST").routeId("admin-logout").process(pages::logout);
        from("platform-http:/admin/session?httpMethodRestrict=GET").routeId("admin-session").process(pages::session);
        from("platform-http:/admin/assets/{file}?httpMethodRestrict=GET").routeId("admin-assets").process(pages::asset);
        from("platform-http:/oauth/{mailbox}/sign-in?httpMethodRestrict=GET").routeId("oauth-sign-in")
                .process(signIn::start);
        from("platform-http:/oauth/callback?httpMethodRestrict=GET,POST").routeId("oauth-callback")
                .process(signIn::callback);

        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off)
                // the API's bodies are read by the beans themselves (RequestBodies), a chunk at a time and only up to
                // the limit: a batch of thousands of invoices goes from the connection to a file, never whole into memory
                .endpointProperty("useBodyHandler", "false")
                .apiContextPath("/api/openapi.json").apiContextRouteId("admin-api-openapi")
                .apiProperty("api.title", "mailbridge admin API")
                .apiProperty("api.description", "Mailboxes, inbound deliveries and outbound mail of one mailbridge instance. "
                        + "Every call needs 'Authorization: Bearer <admin token>' (mailbridge.admin-token).")
                .apiProperty("api.version", "1");

        // no consumes/produces: the HTTP server would answer a mismatch itself, with an empty 415 or 406, where the
        // actions answer with the cause; every body, both ways, is JSON
        rest("/api").description("mailbridge admin API")
                .get("/routes").id("admin-api-routes").description("Route files: loaded, failed, last reload")
                .to(step("admin-api-routes", routes::list))
                .get("/mailboxes").id("admin-api-mailboxes").description("Every mailbox with its token state, warnings and pauses")
                .to(step("admin-api-mailboxes", mailboxes::list))
                .get("/mailboxes/{id}").id("admin-api-mailbox").description("One mailbox")
                .param().name("id").type(RestParamType.path).description("the mailbox id").endParam()
                .to(step("admin-api-mailbox", mailboxes::one))
                .post("/mailboxes/{id}/test").id("admin-api-mailbox-test")
                .description("Tests the whole chain of a mailbox (token, IMAP, SMTP, folders), up to the first broken link")
                .param().name("id").type(RestParamType.path).description("the mailbox id").endParam()
                .to(step("admin-api-mailbox-test", mailboxes::test))
                .get("/inbound").id("admin-api-inbound").description("Inbound deliveries: recent, retried and quarantined")
                .to(step("admin-api-inbound", inbound::list))
                .post("/inbound/replay").id("admin-api-inbound-replay").description("Replays a quarantined message")
                .to(step("admin-api-inbound-replay", inbound::replay))
                .get("/outbound").id("admin-api-outbound-recent").description("Recent send requests")
                .to(step("admin-api-outbound-recent", outbound::recent))
                .post("/outbound").id("admin-api-outbound").description("Queues one mail; answers 202 with its id")
                .to(step("admin-api-outbound", outbound::send))
                .get("/outbound/batches").id("admin-api-outbound-batches").description("Recent batches")
                .to(step("admin-api-outbound-batches", outbound::recentBatches))
                .post("/outbound/batches").id("admin-api-outbound-batch")
                .description("Queues a batch of mails from a template; answers 202 with its batchId")
                .to(step("admin-api-outbound-batch", outbound::sendBatch))
                .get("/outbound/batches/{batchId}").id("admin-api-outbound-batch-status")
                .description("A batch's counts per status")
                .param().name("batchId").type(RestParamType.path).description("the batch id").endParam()
                .to(step("admin-api-outbound-batch-status", outbound::batchStatus))
                .get("/outbound/{id}").id("admin-api-outbound-status").description("A send request's status and last reply")
                .param().name("id").type(RestParamType.path).description("the send request id").endParam()
                .to(step("admin-api-outbound-status", outbound::status))
                .post("/outbound/{id}/retry").id("admin-api-outbound-retry").description("Sends a failed request again")
                .param().name("id").type(RestParamType.path).description("the send request id").endParam()
                .to(step("admin-api-outbound-retry", outbound::retry));
    }

    /** The direct: step an API call goes to, inlined into the call's route. */
    private String step(String id, Processor processor) {
        String uri = "direct:" + id;
        from(uri).process(processor);
        return uri;
    }
}
