package io.mailbridge.outbound;

import org.apache.activemq.artemis.utils.UUID;

import java.util.regex.Pattern;

/**
 * The broker addresses that belong to a producer outside the process: reply addresses under {@link #REPLY_PREFIX}
 * and the temporary queues its client opens. One rule for the broker's access check and for where answers go.
 */
final class ProducerAddresses {

    static final String REPLY_PREFIX = "reply.";
    /** What {@link #isOwn} accepts, for messages that explain a refusal. */
    static final String RULE = "reply.<name> (letters, digits, '-' and '_', words separated by single dots) or a "
            + "temporary queue";

    /*
     * Words of plain characters between single dots: no wildcard ('#', '*'), no empty word, no fully qualified
     * "address::queue", so a name never stands for more than itself, whatever the broker's wildcard settings.
     */
    private static final Pattern REPLY_NAME = Pattern.compile(Pattern.quote(REPLY_PREFIX) + "[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private ProducerAddresses() {
    }

    /**
     * Whether the producer may use this address or queue name as its own. Temporary queues of JMS and AMQP clients,
     * and the queues of STOMP topic subscriptions, are named by the broker with a bare UUID.
     */
    static boolean isOwn(String name) {
        return name != null && (REPLY_NAME.matcher(name).matches() || UUID.isUUID(name));
    }
}
