package io.mailbridge.store;

/** The store cannot be used; the message names the cause and the setting to check. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
