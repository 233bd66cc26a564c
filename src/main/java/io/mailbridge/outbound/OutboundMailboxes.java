package io.mailbridge.outbound;

import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.oauth.TokenService;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The sending side of each mailbox: its SMTP connection pool (signed in through the token service), its throttle and
 * its pause state. Made on first use and kept until mailbridge stops.
 */
public final class OutboundMailboxes implements AutoCloseable {

    /** One mailbox's sender, throttles (one per slot) and pause. */
    public static final class Sender {
        private final Mailbox mailbox;
        private final SmtpConnectionPool pool;
        private final PooledSmtpSender sender;
        private final List<MailboxThrottle> throttles;
        private volatile MailboxPause pause;
        private volatile Instant lastSent;

        Sender(Mailbox mailbox, SmtpConnectionPool pool, List<MailboxThrottle> throttles) {
            this.mailbox = mailbox;
            this.pool = pool;
            this.sender = new PooledSmtpSender(pool);
            this.throttles = List.copyOf(throttles);
        }

        public Mailbox mailbox() {
            return mailbox;
        }

        public PooledSmtpSender sender() {
            return sender;
        }

        /** The throttle of one slot of the mailbox's mail (a slot number beyond today's slots shares another's). */
        public MailboxThrottle throttle(int slot) {
            return throttles.get(Math.floorMod(slot, throttles.size()));
        }

        public MailboxPause pause() {
            return pause;
        }

        /** When the server last accepted a mail from this mailbox; null before the first. */
        public Instant lastSent() {
            return lastSent;
        }

        void sent(Instant at) {
            lastSent = at;
        }

        void pause(MailboxPause pause) {
            this.pause = pause;
        }

        void resume() {
            this.pause = null;
        }
    }

    private final MailboxRegistry registry;
    private final TokenService tokens;
    private final RecipientCounts counts;
    private final OutboundSettings settings;
    private final Clock clock;
    private final Map<String, Sender> senders = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    public OutboundMailboxes(MailboxRegistry registry, TokenService tokens, RecipientCounts counts, OutboundSettings settings,
                             Clock clock) {
        this(registry, tokens, counts, settings, clock, null);
    }

    /** @param sweeper where the pools close their idle connections; null: each pool on a thread of its own */
    public OutboundMailboxes(MailboxRegistry registry, TokenService tokens, RecipientCounts counts, OutboundSettings settings,
                             Clock clock, ScheduledExecutorService sweeper) {
        this.sweeper = sweeper;
        this.registry = registry;
        this.tokens = tokens;
        this.counts = counts;
        this.settings = settings;
        this.clock = clock;
    }

    /** The mailbox's sender; empty when no such mailbox with an SMTP server is configured (any more). */
    public Optional<Sender> sender(String mailboxId) {
        Optional<Mailbox> mailbox = registry.mailbox(mailboxId).filter(m -> m.smtp() != null);
        return mailbox.map(m -> senders.computeIfAbsent(m.id(), id -> create(m)));
    }

    /** When each mailbox last sent a mail, as far as this process knows. */
    public Optional<Instant> lastSent(String mailboxId) {
        Sender s = senders.get(mailboxId);
        return s == null ? Optional.empty() : Optional.ofNullable(s.lastSent);
    }

    /** The pause of each mailbox that is paused now. */
    public Map<String, MailboxPause> pauses() {
        Map<String, MailboxPause> paused = new TreeMap<>();
        senders.forEach((id, s) -> {
            if (s.pause != null) {
                paused.put(id, s.pause);
            }
        });
        return paused;
    }

    private Sender create(Mailbox m) {
        boolean oauth = m.grant().isOAuth();
        Supplier<String> credentials = () -> tokens.credential(m.id());
        SmtpConnectionPool pool = new SmtpConnectionPool(new SmtpConnectionPool.Target(m.smtp().protocol(), m.smtp().host(),
                m.smtp().port(), m.login(), oauth, false), credentials, settings.maxConnections(), settings.idleTimeout(),
                Duration.ofMinutes(2), clock, sweeper);
        OutboundSettings.Limits limits = settings.limitsOf(m.id());
        int slots = settings.slotsOf(m.id());
        List<MailboxThrottle> throttles = new ArrayList<>();
        for (int slot = 0; slot < slots; slot++) {
            int own = slot;
            throttles.add(new MailboxThrottle(m.id(), settings.messagesPerMinuteOf(m.id(), slot), limits.recipientsPerDay(),
                    counts, clock, id -> OutboundQueue.slotOf(id, slots) == own));
        }
        return new Sender(m, pool, throttles);
    }

    @Override
    public void close() {
        senders.values().forEach(s -> {
            s.throttles.forEach(MailboxThrottle::release);
            s.pool.close();
        });
        senders.clear();
    }
}
