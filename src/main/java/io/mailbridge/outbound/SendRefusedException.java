package io.mailbridge.outbound;

/** A send request or batch that was refused for what it says; nothing of it was queued. */
public abstract class SendRefusedException extends Exception {

    protected SendRefusedException(String message) {
        super(message, null, false, false);
    }

    /** The refusal, as every way in reports it. */
    public abstract SendRefusal refusal();
}
