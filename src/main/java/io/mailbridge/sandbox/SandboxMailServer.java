package io.mailbridge.sandbox;

import com.icegreen.greenmail.smtp.auth.XOAuth2AuthenticationState;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserImpl;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.util.Locale;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * An IMAP and SMTP server (GreenMail) on loopback that accepts only XOAUTH2 with access tokens the sandbox
 * authority signed for the mailbox: a password, a forged or an expired token is refused, on IMAP and on SMTP.
 */
public final class SandboxMailServer implements AutoCloseable {

    private static final ThreadLocal<Boolean> SESSION_SIGNED_IN = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final GreenMail greenMail;
    private final AccessTokenVerifier verifier;

    public SandboxMailServer(int imapPort, int smtpPort, SandboxAuthority authority) {
        ServerSetup imap = new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
        ServerSetup smtp = new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        this.greenMail = new GreenMail(new ServerSetup[] {imapPort == 0 ? imap.dynamicPort() : imap,
                smtpPort == 0 ? smtp.dynamicPort() : smtp});
        this.verifier = new AccessTokenVerifier(authority.issuer(), authority.jwksUrl(), authority.sslContext());
    }

    public void start() {
        greenMail.start();
        MessageDeliveryHandler delivery = greenMail.getUserManager().getMessageDeliveryHandler();
        // GreenMail's SMTP accepts mail without AUTH; the sandbox, like Microsoft 365, does not. GreenMail keeps the
        // AUTH result only on the first message of a session and serves each connection on a thread of its own, so
        // the thread remembers that its session signed in with XOAUTH2 (a reused connection sends many messages).
        greenMail.getUserManager().setMessageDeliveryHandler((message, address) -> {
            if (message.getAuthenticationState() instanceof XOAuth2AuthenticationState) {
                SESSION_SIGNED_IN.set(Boolean.TRUE);
            } else if (message.getAuthenticationState() != null || !SESSION_SIGNED_IN.get()) {
                throw new MessagingException("530 5.7.57 Client not authenticated to send mail: use AUTH XOAUTH2");
            }
            return delivery.handle(message, address);
        });
    }

    /**
     * Adds a mailbox that accepts tokens whose claims pass {@code allowed}.
     *
     * @param allowed decides, from a verified token's claims, whether its bearer may open this mailbox
     */
    public void addMailbox(String address, Predicate<JWTClaimsSet> allowed) {
        // the password is never used: with a token validator, every login mechanism must present a valid token
        UserImpl user = (UserImpl) greenMail.setUser(address, address, UUID.randomUUID().toString());
        user.setTokenValidator(token -> verifier.verify(token).filter(allowed).isPresent());
    }

    /** A token for a delegated mailbox must name its user as subject. */
    public static Predicate<JWTClaimsSet> signedInAs(String address) {
        String wanted = address.toLowerCase(Locale.ROOT);
        return claims -> claims.getSubject() != null && claims.getSubject().toLowerCase(Locale.ROOT).equals(wanted);
    }

    /** An app-only token (client credentials) has the client id as subject. */
    public static Predicate<JWTClaimsSet> appOnly(String clientId) {
        return claims -> clientId.equals(claims.getSubject());
    }

    /** Places a message straight into a mailbox's inbox, as if it had arrived from outside. */
    public void deliver(String address, MimeMessage message) {
        greenMail.getUserManager().getUserByEmail(address).deliver(message);
    }

    public int imapPort() {
        return greenMail.getImap().getPort();
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public GreenMail greenMail() {
        return greenMail;
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
