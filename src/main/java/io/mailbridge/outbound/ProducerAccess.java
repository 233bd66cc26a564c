package io.mailbridge.outbound;

import io.mailbridge.mailbox.Secret;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;

import javax.security.auth.Subject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Who may do what on the embedded broker once it accepts connections from outside the process. mailbridge itself
 * connects in-VM and may do anything. A producer signs in with the one configured user and may only put send
 * requests on {@link BrokerRequestIntake#QUEUE}, where they are checked like API requests, and use addresses of its
 * own ({@link ProducerAddresses}); the send queue itself, which holds checked mails, the dead-letter queues and any
 * name with a wildcard stay out of reach.
 */
final class ProducerAccess implements ActiveMQSecurityManager5 {

    private static final String INTERNAL = "mailbridge";
    private static final String PRODUCER = "producer";

    private final String user;
    private final Secret password;

    ProducerAccess(String user, Secret password) {
        this.user = user;
        this.password = password;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (connection != null && connection.getTransportConnection() instanceof InVMConnection) {
            return subject(INTERNAL, INTERNAL);
        }
        return validateUser(user, password) ? subject(user, PRODUCER) : null;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (has(subject, INTERNAL)) {
            return true;
        }
        if (!has(subject, PRODUCER)) {
            return false;
        }
        // a queue is checked as "address::queue": both parts must pass
        String whole = address == null ? "" : address;
        int separator = whole.indexOf("::");
        String name = separator < 0 ? whole : whole.substring(0, separator);
        String queue = separator < 0 ? null : whole.substring(separator + 2);
        if (name.equals(BrokerRequestIntake.QUEUE)) {
            return checkType == CheckType.SEND && (queue == null || queue.equals(name));
        }
        // everything else of mailbridge's is out of bounds, and so is managing the broker; the producer's own
        // addresses (reply queues, temporary queues) are its business
        return checkType != CheckType.MANAGE && ProducerAddresses.isOwn(name)
                && (queue == null || ProducerAddresses.isOwn(queue));
    }

    private static boolean has(Subject subject, String role) {
        return subject != null && subject.getPrincipals(RolePrincipal.class).stream().anyMatch(r -> r.getName().equals(role));
    }

    @Override
    public boolean validateUser(String user, String password) {
        return user != null && password != null && equal(this.user, user) && equal(this.password.reveal(), password);
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        // only called by brokers without authorize(); this one always has it
        return false;
    }

    private static boolean equal(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static Subject subject(String user, String role) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        subject.getPrincipals().add(new RolePrincipal(role));
        return subject;
    }
}
