package io.mailbridge.support;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Flags;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;

/** What a GreenMail folder holds right now, as a client would see it after an expunge. */
public final class MailFolders {

    private MailFolders() {
    }

    /** Subjects of the messages in a folder that are not flagged deleted; empty when the folder does not exist. */
    public static List<String> subjects(GreenMail greenMail, String address, String folderName) {
        GreenMailUser user = greenMail.getUserManager().getUserByEmail(address);
        MailFolder folder = greenMail.getManagers().getImapHostManager().getFolder(user, folderName);
        if (folder == null) {
            return List.of();
        }
        // the server changes the folder while we read it: copy until a read completes undisturbed
        for (int attempt = 0; ; attempt++) {
            try {
                List<String> subjects = new ArrayList<>();
                for (StoredMessage m : new ArrayList<>(folder.getMessages())) {
                    if (!m.getFlags().contains(Flags.Flag.DELETED)) {
                        subjects.add(subject(m));
                    }
                }
                return subjects;
            } catch (ConcurrentModificationException e) {
                if (attempt > 50) {
                    throw e;
                }
            }
        }
    }

    private static String subject(StoredMessage m) {
        try {
            return m.getMimeMessage().getSubject();
        } catch (Exception e) {
            return "?";
        }
    }
}
