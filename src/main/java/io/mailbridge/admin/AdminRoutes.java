package io.mailbridge.admin;

import org.apache.camel.builder.RouteBuilder;

/** The HTTP surface: sign-in pages and the admin API. Wiring only; the work is in the beans. */
public final class AdminRoutes extends RouteBuilder {

    private final MailboxApi mailboxes;
    private final SignInPages signIn;

    public AdminRoutes(MailboxApi mailboxes, SignInPages signIn) {
        this.mailboxes = mailboxes;
        this.signIn = signIn;
    }

    @Override
    public void configure() {
        from("platform-http:/api/mailboxes?httpMethodRestrict=GET").routeId("admin-api-mailboxes")
                .process(mailboxes::list);
        from("platform-http:/api/mailboxes/{id}?httpMethodRestrict=GET").routeId("admin-api-mailbox")
                .process(mailboxes::one);
        from("platform-http:/oauth/{mailbox}/sign-in?httpMethodRestrict=GET").routeId("oauth-sign-in")
                .process(signIn::start);
        from("platform-http:/oauth/callback?httpMethodRestrict=GET,POST").routeId("oauth-callback")
                .process(signIn::callback);
    }
}
