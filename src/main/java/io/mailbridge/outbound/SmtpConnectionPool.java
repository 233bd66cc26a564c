package io.mailbridge.outbound;

import io.mailbridge.mailbox.MailProperties;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.URLName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Authenticated SMTP connections of one mailbox, reused across messages: at most {@code maxConnections} at once
 * (Microsoft 365 refuses a fourth with {@code 432 4.3.2}), closed when idle, and replaced when the credential they
 * signed in with has been renewed.
 */
public final class SmtpConnectionPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpConnectionPool.class);

    /** Where to connect and how to sign in. */
    public record Target(String protocol, String host, int port, String login, boolean xoauth2, boolean startTls) {
    }

    /** A connection on loan; give it back with {@link #release} or {@link #discard}. */
    public static final class Connection {
        private final Transport transport;
        private final String credential;
        private final AtomicBoolean onLoan = new AtomicBoolean(true);
        private Instant lastUsed;

        private Connection(Transport transport, String credential, Instant lastUsed) {
            this.transport = transport;
            this.credential = credential;
            this.lastUsed = lastUsed;
        }

        public Transport transport() {
            return transport;
        }
    }

    private final Target target;
    private final Supplier<String> credentials;
    private final Duration idleTimeout;
    private final Duration borrowTimeout;
    private final Clock clock;
    private final Session session;
    private final Semaphore permits;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private final AtomicLong opened = new AtomicLong();
    /** Runs the idle sweep; shut down with the pool only when the pool made it itself. */
    private final ScheduledExecutorService reaper;
    private final boolean ownReaper;
    private final ScheduledFuture<?> sweep;
    private volatile boolean closed;

    /**
     * @param credentials the current password or access token; asked at every borrow so a renewed token is noticed
     */
    public SmtpConnectionPool(Target target, Supplier<String> credentials, int maxConnections, Duration idleTimeout,
                              Duration borrowTimeout, Clock clock) {
        this(target, credentials, maxConnections, idleTimeout, borrowTimeout, clock, null);
    }

    /** @param reaper where the idle sweep runs (a pool of Camel's executor manager); null: a thread of the pool's own */
    public SmtpConnectionPool(Target target, Supplier<String> credentials, int maxConnections, Duration idleTimeout,
                              Duration borrowTimeout, Clock clock, ScheduledExecutorService reaper) {
        this.target = target;
        this.credentials = credentials;
        this.idleTimeout = idleTimeout;
        this.borrowTimeout = borrowTimeout;
        this.clock = clock;
        this.permits = new Semaphore(maxConnections, true);
        this.session = Session.getInstance(properties(target));
        this.ownReaper = reaper == null;
        this.reaper = reaper != null ? reaper : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mailbridge-smtp-pool-" + target.login());
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, idleTimeout.toMillis() / 2);
        this.sweep = this.reaper.scheduleWithFixedDelay(this::closeIdle, every, every, TimeUnit.MILLISECONDS);
    }

    private static Properties properties(Target target) {
        Properties p = MailProperties.signIn(new Properties(), target.protocol(), target.host(), target.xoauth2());
        String prefix = "mail." + target.protocol() + ".";
        p.put(prefix + "connectiontimeout", "15000");
        p.put(prefix + "timeout", "60000");
        // no writetimeout: Jakarta Mail implements it with a timer task per write, which costs a third of the
        // throughput of a reused connection; the read timeout catches a server that stops answering
        // QUIT without waiting for the goodbye: closing must not block on a server that went away
        p.put(prefix + "quitwait", "false");
        if (target.startTls()) {
            p.put(prefix + "starttls.enable", "true");
            p.put(prefix + "starttls.required", "true");
        }
        return p;
    }

    /**
     * A connected, signed-in transport; waits while all connections are in use.
     *
     * @throws MessagingException when connecting or signing in fails
     * @throws PoolBusyException  when no connection became free within the borrow timeout
     */
    public Connection borrow() throws MessagingException, InterruptedException {
        if (closed) {
            throw new IllegalStateException("the SMTP connection pool of " + target.login() + " is closed");
        }
        if (!permits.tryAcquire(borrowTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new PoolBusyException("all SMTP connections of " + target.login() + " stayed busy for " + borrowTimeout);
        }
        try {
            String credential;
            try {
                credential = credentials.get();
            } catch (RuntimeException e) {
                throw new AuthenticationFailedException("no credential for " + target.login() + ": " + e.getMessage());
            }
            Connection reusable = takeIdle(credential);
            if (reusable != null) {
                reusable.onLoan.set(true);
                return reusable;
            }
            // made directly rather than looked up: the transport that tells a break after the final dot from one
            // before it is not a registered provider
            URLName url = new URLName(target.protocol(), target.host(), target.port(), null, target.login(), null);
            Transport transport = target.protocol().equals("smtps") ? new DotTrackingTransport.Ssl(session, url)
                    : new DotTrackingTransport(session, url);
            transport.connect(target.host(), target.port(), target.login(), credential);
            opened.incrementAndGet();
            return new Connection(transport, credential, clock.instant());
        } catch (MessagingException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Gives back a connection that just sent a message successfully. */
    public void release(Connection connection) {
        if (!connection.onLoan.compareAndSet(true, false)) {
            // given back twice: a second permit would let a fourth connection open
            return;
        }
        connection.lastUsed = clock.instant();
        boolean keep;
        synchronized (idle) {
            // no isConnected() here or at borrow: for SMTP it costs a NOOP round trip per message; a connection the
            // server dropped fails at its next use, and the caller discards it
            keep = !closed;
            if (keep) {
                idle.push(connection);
            }
        }
        if (!keep) {
            quietlyClose(connection);
        }
        permits.release();
    }

    /** Gives back a connection that failed (or may have): it is closed and never lent again. */
    public void discard(Connection connection) {
        if (!connection.onLoan.compareAndSet(true, false)) {
            return;
        }
        quietlyClose(connection);
        permits.release();
    }

    /** How many connections this pool has opened in its life (reuse keeps this low). */
    public long connectionsOpened() {
        return opened.get();
    }

    private Connection takeIdle(String credential) {
        while (true) {
            Connection candidate;
            synchronized (idle) {
                candidate = idle.poll();
            }
            if (candidate == null) {
                return null;
            }
            // a session signed in with a token that has since been renewed is retired rather than trusted to the end
            if (candidate.credential.equals(credential) && !isStale(candidate)) {
                return candidate;
            }
            quietlyClose(candidate);
        }
    }

    private boolean isStale(Connection connection) {
        return !clock.instant().isBefore(connection.lastUsed.plus(idleTimeout));
    }

    private void closeIdle() {
        List<Connection> stale = new ArrayList<>();
        synchronized (idle) {
            idle.removeIf(c -> isStale(c) && stale.add(c));
        }
        // closed outside the lock: a QUIT to a server that vanished must not hold up borrowers
        stale.forEach(SmtpConnectionPool::quietlyClose);
    }

    private static void quietlyClose(Connection connection) {
        try {
            connection.transport.close();
        } catch (MessagingException e) {
            LOG.debug("closing an SMTP connection failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        sweep.cancel(false);
        if (ownReaper) {
            reaper.shutdownNow();
        }
        synchronized (idle) {
            idle.forEach(SmtpConnectionPool::quietlyClose);
            idle.clear();
        }
    }

    /** Every connection stayed in use for the whole borrow timeout. */
    public static final class PoolBusyException extends MessagingException {
        public PoolBusyException(String message) {
            super(message);
        }
    }

}
