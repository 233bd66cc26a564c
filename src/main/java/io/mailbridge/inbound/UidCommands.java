package io.mailbridge.inbound;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.eclipse.angus.mail.imap.protocol.UID;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The IMAP commands of a poll that act on many messages at once, by UID: one round trip fetches the bytes of many
 * messages, one moves every delivered message of a poll. UIDs, unlike message numbers, stay valid on a new connection
 * to the same folder (while its UIDVALIDITY holds), so an acknowledgement can be repeated after a reconnect.
 */
final class UidCommands {

    private final IMAPFolder folder;
    private final Set<String> knownFolders;

    /**
     * @param knownFolders destination folders seen to exist, kept by the caller across connections: each is looked up
     *                     (and created if missing) once, before the first command that names it
     */
    UidCommands(IMAPFolder folder, Set<String> knownFolders) {
        this.folder = folder;
        this.knownFolders = knownFolders;
    }

    /** Whether the server moves messages in one command (RFC 6851); otherwise they are copied and expunged. */
    boolean canMove() throws MessagingException {
        return capability("MOVE");
    }

    /** Whether the server expunges only the messages named (RFC 4315); a plain EXPUNGE takes every deleted one. */
    boolean canExpungeByUid() throws MessagingException {
        return capability("UIDPLUS");
    }

    private boolean capability(String name) throws MessagingException {
        return (Boolean) folder.doCommand(p -> p.hasCapability(name));
    }

    /**
     * Fetches the stored bytes ({@code BODY.PEEK[]}: no flag changes) of these messages in one command and keeps each,
     * in memory as far as {@code memory} allows, else in a new file in {@code directory}. The whole answer is held in
     * memory while it is read, so callers keep the messages' total size small. A message the server leaves out of its
     * answer is not in the result.
     */
    Map<Long, FetchedBytes> fetchBytes(Collection<Long> uids, Path directory, FetchedBytes.Allowance memory)
            throws MessagingException {
        @SuppressWarnings("unchecked")
        Map<Long, FetchedBytes> fetched = (Map<Long, FetchedBytes>) folder.doCommand(p -> {
            Response[] responses = p.command("UID FETCH " + set(uids) + " (UID BODY.PEEK[])", null);
            Map<Long, FetchedBytes> kept = new HashMap<>();
            try {
                for (int i = 0; i < responses.length; i++) {
                    if (!(responses[i] instanceof FetchResponse fetch)) {
                        continue;
                    }
                    UID uid = fetch.getItem(UID.class);
                    BODY body = fetch.getItem(BODY.class);
                    if (uid == null || body == null || !uids.contains(uid.uid) || body.getByteArray() == null) {
                        continue;
                    }
                    kept.put(uid.uid, keep(body.getByteArray(), directory, memory));
                    // handled here; the folder must not keep the bytes in its message cache
                    responses[i] = null;
                }
            } catch (IOException e) {
                kept.values().forEach(FetchedBytes::release);
                throw new UncheckedIOException(e);
            }
            p.notifyResponseHandlers(responses);
            try {
                p.handleResult(responses[responses.length - 1]);
            } catch (ProtocolException e) {
                kept.values().forEach(FetchedBytes::release);
                throw e;
            }
            return kept;
        });
        return fetched;
    }

    /** A copy of one message's bytes out of the response, in memory while the allowance lasts, else in a file. */
    private static FetchedBytes keep(ByteArray bytes, Path directory, FetchedBytes.Allowance memory) throws IOException {
        if (memory.take(bytes.getCount())) {
            return FetchedBytes.inMemory(Arrays.copyOfRange(bytes.getBytes(), bytes.getStart(),
                    bytes.getStart() + bytes.getCount()), memory);
        }
        Path file = FetchedBytes.newFile(directory);
        FetchedBytes kept = FetchedBytes.inFile(file);
        try (OutputStream out = kept.create()) {
            out.write(bytes.getBytes(), bytes.getStart(), bytes.getCount());
        } catch (IOException e) {
            kept.release();
            throw e;
        }
        return kept;
    }

    /** Moves these messages to {@code destination} (created if missing): UID MOVE, or UID COPY + delete + expunge. */
    void move(Collection<Long> uids, String destination) throws MessagingException {
        if (canMove()) {
            toFolder("UID MOVE", uids, destination);
            return;
        }
        toFolder("UID COPY", uids, destination);
        delete(uids);
    }

    /** Copies these messages to {@code destination} (created if missing); they stay where they are. */
    void copy(Collection<Long> uids, String destination) throws MessagingException {
        toFolder("UID COPY", uids, destination);
    }

    /**
     * Flags these messages deleted and expunges them: exactly them where the server can (UIDPLUS); elsewhere with a
     * plain EXPUNGE, which also removes whatever other clients flagged deleted in the folder, as closing the folder
     * would.
     */
    void delete(Collection<Long> uids) throws MessagingException {
        store(uids, "+FLAGS.SILENT (\\Deleted)");
        run(canExpungeByUid() ? "UID EXPUNGE " + set(uids) : "EXPUNGE");
    }

    /** Flags these messages seen, the acknowledgement of a route that neither moves nor deletes. */
    void markSeen(Collection<Long> uids) throws MessagingException {
        store(uids, "+FLAGS.SILENT (\\Seen)");
    }

    private void store(Collection<Long> uids, String change) throws MessagingException {
        run("UID STORE " + set(uids) + " " + change);
    }

    /** One command without arguments of its own; a refusal is thrown. */
    private void run(String command) throws MessagingException {
        folder.doCommand(p -> {
            Response[] r = p.command(command, null);
            p.notifyResponseHandlers(r);
            p.handleResult(r[r.length - 1]);
            return null;
        });
    }

    /**
     * COPY or MOVE to a folder, created first if missing. Should the command still be refused for a folder that has
     * gone since (servers answer {@code NO [TRYCREATE]}, RFC 3501, some only {@code NO}), it is repeated once after
     * creating the folder again. All on the same connection.
     */
    private void toFolder(String command, Collection<Long> uids, String destination) throws MessagingException {
        folder.doCommand(p -> {
            if (!knownFolders.contains(destination)) {
                // asked first, rather than answered NO: some servers (GreenMail) log a failed MOVE as an error
                ListInfo[] found = p.list("", destination);
                if (found == null || found.length == 0) {
                    p.create(destination);
                }
                knownFolders.add(destination);
            }
            Response[] r = toFolder(p, command, uids, destination);
            Response result = r[r.length - 1];
            if (result.isNO()) {
                ListInfo[] found = p.list("", destination);
                if (found == null || found.length == 0) {
                    p.create(destination);
                    r = toFolder(p, command, uids, destination);
                    result = r[r.length - 1];
                }
            }
            p.handleResult(result);
            return null;
        });
    }

    private static Response[] toFolder(IMAPProtocol p, String command, Collection<Long> uids, String destination) {
        Argument args = new Argument();
        args.writeAtom(set(uids));
        args.writeString(BASE64MailboxEncoder.encode(destination));
        Response[] r = p.command(command, args);
        p.notifyResponseHandlers(r);
        return r;
    }

    /** An IMAP UID set, runs collapsed: {@code 1:3,7,9:12}. */
    static String set(Collection<Long> uids) {
        if (uids.isEmpty()) {
            throw new IllegalArgumentException("no UIDs");
        }
        StringBuilder out = new StringBuilder();
        long start = -1;
        long last = -1;
        for (long uid : new TreeSet<>(uids)) {
            if (start < 0) {
                start = uid;
            } else if (uid != last + 1) {
                append(out, start, last);
                start = uid;
            }
            last = uid;
        }
        append(out, start, last);
        return out.toString();
    }

    private static void append(StringBuilder out, long start, long end) {
        if (!out.isEmpty()) {
            out.append(',');
        }
        out.append(start);
        if (end != start) {
            out.append(':').append(end);
        }
    }

    static List<Long> uids(Collection<InboundMail> mails) {
        List<Long> uids = new ArrayList<>();
        for (InboundMail mail : mails) {
            uids.add(mail.origin().uid());
        }
        return uids;
    }
}
