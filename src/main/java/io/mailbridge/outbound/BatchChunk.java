package io.mailbridge.outbound;

import java.util.ArrayList;
import java.util.List;

/**
 * The mails of a batch waiting to be queued in one transaction: full at a number of mails or once their composed MIME
 * reaches a byte budget, whichever comes first, so that a run of large attachments never piles up in memory.
 */
final class BatchChunk {

    private final int maxMails;
    private final long maxBytes;
    private final List<OutboundRequests.NewRequest> records = new ArrayList<>();
    private final List<OutboundQueue.QueuedMail> mails = new ArrayList<>();
    private long bytes;

    BatchChunk(int maxMails, long maxBytes) {
        this.maxMails = maxMails;
        this.maxBytes = maxBytes;
    }

    /**
     * Adds a mail, with its status record unless one exists from an earlier attempt.
     *
     * @return whether the chunk is now full and must be queued before the next mail is composed
     */
    boolean add(OutboundRequests.NewRequest record, OutboundQueue.QueuedMail mail) {
        if (record != null) {
            records.add(record);
        }
        mails.add(mail);
        bytes += mail.mime().length;
        return mails.size() >= maxMails || bytes >= maxBytes;
    }

    List<OutboundRequests.NewRequest> records() {
        return records;
    }

    List<OutboundQueue.QueuedMail> mails() {
        return mails;
    }

    long bytes() {
        return bytes;
    }

    boolean isEmpty() {
        return mails.isEmpty();
    }

    void clear() {
        records.clear();
        mails.clear();
        bytes = 0;
    }
}
