package io.mailbridge;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.mailbridge.inbound.InboundDeliveryException;
import org.slf4j.Marker;

/**
 * Drops camel-mail's "Exchange failed, so rolling back message status" line when the failure is an inbound delivery
 * attempt mailbridge has already logged in one line with its cause and its next attempt: a second line per attempt,
 * naming only an exchange id, would double the log of a folder full of poison mail. Every other line of camel-mail,
 * and every rollback for another cause, passes.
 */
public final class ExpectedRollbackFilter extends TurboFilter {

    private static final String MAIL_CONSUMER = "org.apache.camel.component.mail.MailConsumer";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.WARN || format == null || !MAIL_CONSUMER.equals(logger.getName())
                || !format.startsWith("Exchange failed, so rolling back")) {
            return FilterReply.NEUTRAL;
        }
        Object cause = t != null ? t : params != null && params.length > 0 ? params[params.length - 1] : null;
        return cause instanceof InboundDeliveryException ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
