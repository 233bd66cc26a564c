package io.mailbridge.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** The store cannot be used; the message names the cause and the setting to check. */
public class StoreException extends RuntimeException {

    /** What to check when the store cannot be reached, for every one-line report of an outage. */
    public static final String CHECK = "Check mailbridge.store.url and that the database runs";

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The outage with its cause, as the one-line reports put it. */
    public String outage() {
        return "the store is unreachable (" + getMessage() + ")";
    }

    /**
     * Whether the database could not be reached at all (no connection to be had, or the connection broke), as opposed
     * to refusing a statement. The first passes by itself once the database is back, so callers wait for it and report
     * it in one line; the second points at a fault worth its stack trace.
     */
    public boolean unreachable() {
        for (Throwable t = getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            // SQLSTATE class 08 is "connection exception" in every database's vocabulary
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
