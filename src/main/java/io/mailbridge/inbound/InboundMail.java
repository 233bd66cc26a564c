package io.mailbridge.inbound;

import jakarta.mail.Message;

/**
 * A message a poll hands to the inbound route: where it sits, and either its bytes already fetched (small messages,
 * fetched many at once) or the server's message to stream them from (large ones).
 *
 * @param origin the message's key: mailbox, folder, UIDVALIDITY, UID
 * @param bytes  the fetched bytes, or null when they are still on the server
 * @param stored the message on the server, open in the poll's folder
 */
record InboundMail(MailOrigin origin, FetchedBytes bytes, Message stored) {

    /** The exchange property that carries it from the consumer to the route's first step. */
    static final String PROPERTY = "mailbridge.inbound.mail";
}
