package io.mailbridge.inbound;

/** A delivery attempt failed for a reason that is already worded for the log and the ledger. */
public class InboundDeliveryException extends Exception {

    public InboundDeliveryException(String message) {
        super(message, null, false, false);
    }
}
