package io.mailbridge.outbound;

/**
 * What became of one message handed to the SMTP server.
 *
 * @param code  the server's reply code, 0 when there was none
 * @param reply the server's reply text, or what went wrong
 */
public record SendOutcome(Kind kind, int code, String reply) {

    /** The classes of outcome that decide what happens next. */
    public enum Kind {
        /** Accepted by the server. */
        SENT,
        /** Temporary (4xx, throttled, connection trouble before the message was handed over): send again later. */
        RETRY,
        /** Refused for good (5xx): report back, never resend. */
        FAILED,
        /**
         * The mailbox's setup is refused, not the mail (530 STARTTLS or authentication required, 534, 535, 5.7.57,
         * 5.7.139): pause it until an admin fixes the cause; do not burn the queue.
         */
        AUTH_FAILED,
        /** The connection broke after the message's final dot, before the reply: it may have been delivered. */
        UNKNOWN
    }

    public static SendOutcome sent(String reply) {
        return new SendOutcome(Kind.SENT, 250, reply);
    }
}
