package io.mailbridge.sandbox;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Everything a newcomer needs to see mailbridge work without a Microsoft account, in the same process: a local
 * OAuth authority, a mail server that demands its tokens, an OAuth client and two mailboxes configured against them.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

    public static final String CLIENT = "sandbox";
    public static final String CLIENT_ID = "mailbridge-sandbox";
    public static final String APP_MAILBOX = "sandbox-ap";
    public static final String APP_ADDRESS = "ap@sandbox.test";
    public static final String DELEGATED_MAILBOX = "sandbox-sales";
    public static final String DELEGATED_ADDRESS = "sales@sandbox.test";

    private final SandboxAuthority authority;
    private final SandboxMailServer mailServer;
    private final String clientSecret;

    private Sandbox(SandboxAuthority authority, SandboxMailServer mailServer, String clientSecret) {
        this.authority = authority;
        this.mailServer = mailServer;
        this.clientSecret = clientSecret;
    }

    /** Starts the authority and the mail server; ports of 0 take any free port. */
    public static Sandbox start(int authorityPort, int imapPort, int smtpPort) {
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        SandboxAuthority authority = new SandboxAuthority();
        authority.start(authorityPort);
        authority.registerClient(CLIENT_ID, secret);
        SandboxMailServer mail = new SandboxMailServer(imapPort, smtpPort, authority);
        try {
            mail.start();
        } catch (RuntimeException e) {
            authority.close();
            throw new IllegalStateException("cannot start the sandbox mail server (IMAP port " + imapPort + ", SMTP port "
                    + smtpPort + "): " + e.getMessage() + "; choose other ports with mailbridge.sandbox.imap-port and "
                    + "mailbridge.sandbox.smtp-port", e);
        }
        mail.addMailbox(APP_ADDRESS, SandboxMailServer.appOnly(CLIENT_ID));
        mail.addMailbox(DELEGATED_ADDRESS, SandboxMailServer.signedInAs(DELEGATED_ADDRESS));
        Sandbox sandbox = new Sandbox(authority, mail, secret);
        sandbox.seedMail();
        return sandbox;
    }

    /** The client and mailbox settings of the sandbox, in the same properties a real setup uses. */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        String client = "mailbridge.clients." + CLIENT + ".";
        p.put(client + "tenant-id", SandboxAuthority.TENANT);
        p.put(client + "client-id", CLIENT_ID);
        p.put(client + "client-secret", clientSecret);
        p.put(client + "authority", authority.authorityUrl());
        p.put(client + "delegated-scopes", "api://" + CLIENT_ID + "/mail offline_access");
        p.put(client + "app-scopes", "api://" + CLIENT_ID + "/.default");
        mailbox(p, APP_MAILBOX, APP_ADDRESS, "client-credentials");
        mailbox(p, DELEGATED_MAILBOX, DELEGATED_ADDRESS, "authorization-code");
        return p;
    }

    private void mailbox(Map<String, String> p, String id, String address, String grant) {
        String prefix = "mailbridge.mailboxes." + id + ".";
        p.put(prefix + "address", address);
        p.put(prefix + "client", CLIENT);
        p.put(prefix + "grant", grant);
        p.put(prefix + "imap", "imap://127.0.0.1:" + mailServer.imapPort());
        p.put(prefix + "smtp", "smtp://127.0.0.1:" + mailServer.smtpPort());
    }

    /** Trust for the authority's certificate, for the sandbox client only. */
    public SSLContext authorityTrust() {
        return authority.sslContext();
    }

    public SandboxAuthority authority() {
        return authority;
    }

    public SandboxMailServer mailServer() {
        return mailServer;
    }

    public void logBanner(String webUrl) {
        LOG.info("""
                Sandbox running (no Microsoft account needed):
                  OAuth authority  {}{}/  (TLS, self-signed; login page accepts any user name)
                  IMAP server      imap://127.0.0.1:{}   (XOAUTH2 only, tokens verified against the authority)
                  SMTP server      smtp://127.0.0.1:{}   (XOAUTH2 only)
                  mailbox {}  {}  grant client-credentials: works at once
                  mailbox {}  {}  grant authorization-code: sign in at {}/oauth/{}/sign-in as {}
                  sample ERP       {}/sandbox/erp/documents   (routes/inbound-sandbox-erp.camel.yaml posts mail there)
                To use Microsoft 365 instead: set mailbridge.sandbox.enabled=false and configure mailbridge.clients.* and
                mailbridge.mailboxes.* in application.properties (README, "Microsoft 365").""",
                authority.authorityUrl(), SandboxAuthority.TENANT, mailServer.imapPort(), mailServer.smtpPort(),
                APP_MAILBOX, APP_ADDRESS, DELEGATED_MAILBOX, DELEGATED_ADDRESS, webUrl, DELEGATED_MAILBOX, DELEGATED_ADDRESS, webUrl);
    }

    /** Realistic mail for the inbound sample route: an invoice with a PDF, a forwarded message, a Latin-1 text. */
    private static final String[] SEED_MAIL = {"invoice-with-pdf.eml", "forwarded-question.eml", "latin1-reminder.eml"};

    private void seedMail() {
        seedWelcomeMail();
        Session session = Session.getInstance(new Properties());
        for (String name : SEED_MAIL) {
            try (var in = Sandbox.class.getResourceAsStream("/sandbox/" + name)) {
                mailServer.deliver(APP_ADDRESS, new MimeMessage(session, in));
            } catch (Exception e) {
                LOG.warn("Could not place {} in the sandbox inbox: {}", name, e.toString());
            }
        }
    }

    private void seedWelcomeMail() {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setFrom(new InternetAddress("welcome@sandbox.test", "mailbridge sandbox"));
            message.setRecipients(MimeMessage.RecipientType.TO, APP_ADDRESS);
            message.setSubject("Welcome to the mailbridge sandbox");
            message.setSentDate(new Date());
            message.setText("This message waits in " + APP_ADDRESS + " so that the sample route has something to deliver.\n",
                    "UTF-8");
            mailServer.deliver(APP_ADDRESS, message);
        } catch (Exception e) {
            LOG.warn("Could not place the welcome message in the sandbox inbox: {}", e.toString());
        }
    }

    @Override
    public void close() {
        mailServer.close();
        authority.close();
    }
}
