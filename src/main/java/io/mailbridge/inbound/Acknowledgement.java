package io.mailbridge.inbound;

import jakarta.mail.MessagingException;
import org.apache.camel.component.mail.MailConfiguration;

import java.util.List;

/** What the server is asked to do with a message its route completed. */
record Acknowledgement(String moveTo, boolean delete) {

    static Acknowledgement moveTo(String folder) {
        return new Acknowledgement(folder, false);
    }

    static Acknowledgement of(MailConfiguration config) {
        return new Acknowledgement(config.getMoveTo(), config.getMoveTo() == null && config.isDelete());
    }

    void apply(UidCommands commands, List<Long> uids, String copyTo) throws MessagingException {
        if (copyTo != null) {
            commands.copy(uids, copyTo);
        }
        if (moveTo != null) {
            commands.move(uids, moveTo);
        } else if (delete) {
            commands.delete(uids);
        } else {
            commands.markSeen(uids);
        }
    }

    @Override
    public String toString() {
        return moveTo != null ? "moved to " + moveTo : delete ? "deleted" : "flagged seen";
    }
}
