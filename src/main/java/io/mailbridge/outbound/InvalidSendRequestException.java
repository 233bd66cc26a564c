package io.mailbridge.outbound;

/** A send request that cannot be accepted, with the field at fault (as a JSON path) and what to change. */
public final class InvalidSendRequestException extends SendRefusedException {

    private final String field;

    public InvalidSendRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending field, e.g. {@code to[1]} or {@code items[41].data.customer}; null when it is the whole body. */
    public String field() {
        return field;
    }

    @Override
    public SendRefusal refusal() {
        return SendRefusal.invalid(field, getMessage());
    }

    /** The same problem, located inside a larger document (a batch item). */
    InvalidSendRequestException within(String prefix) {
        return new InvalidSendRequestException(field == null ? prefix : prefix + "." + field, getMessage());
    }
}
