package io.mailbridge.outbound;

import io.mailbridge.common.Json;
import io.mailbridge.store.StoreException;
import jakarta.jms.JMSException;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Batch files an ERP writes into the drop folder. The route's file endpoint moves each file to {@code done/} once
 * its batch is queued (beside it, {@code <file>.result.json} gives the batchId) or to {@code failed/} (beside it,
 * {@code <file>.error.json} names the field at fault and nothing was queued).
 */
public final class OutboundDropFolder {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundDropFolder.class);

    private final OutboundIntake intake;
    private final Path work;

    /** @param work where each batch gets a folder of its own for the files it reads, outside the drop folder */
    public OutboundDropFolder(OutboundIntake intake, Path work) {
        this.intake = intake;
        this.work = work;
    }

    /** A batch file that was refused; the file endpoint moves it to {@code failed/}. */
    public static final class RefusedBatchFileException extends Exception {
        RefusedBatchFileException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Whether the endpoint reads the drop folder. Instances sharing the folder must read it one at a time: two readers
     * could both take the same file, and a batch without a requestId would then be queued twice.
     */
    public static boolean reads(Endpoint endpoint, Path dropFolder) {
        return endpoint instanceof FileEndpoint file
                && file.getFile().toPath().toAbsolutePath().normalize().equals(dropFolder.toAbsolutePath().normalize());
    }

    public void accept(Exchange exchange) throws Exception {
        Path file = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class)).toAbsolutePath();
        Path folder = file.getParent();
        String name = file.getFileName().toString();
        try {
            OutboundIntake.BatchAccepted accepted = accept(folder, name);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("batchId", accepted.batchId());
            result.put("count", accepted.count());
            result.put("status", "/api/outbound/batches/" + accepted.batchId());
            if (!accepted.created()) {
                // the same file (same requestId and content) came again, e.g. written twice by the ERP
                result.put("repeat", true);
                result.put("message", "this batch was accepted before as " + accepted.batchId() + "; nothing was queued again");
                LOG.info("Batch file {} repeats batch {} (same requestId and content); nothing was queued again", name,
                        accepted.batchId());
            }
            write(folder.resolve("done"), name + ".result.json", result);
        } catch (SendRefusedException e) {
            SendRefusal refusal = e.refusal();
            write(folder.resolve("failed"), name + ".error.json", refusal.json());
            LOG.warn("Batch file {} refused, nothing queued: {}", name, refusal.message());
            throw new RefusedBatchFileException("batch file " + name + " refused: " + refusal.message());
        } catch (StoreException | JMSException e) {
            // the file moves to failed/ all the same (the route's moveFailed): it says why, and that it can come back
            String cause = e instanceof StoreException store ? store.outage() : "the queue is unavailable (" + e.getMessage() + ")";
            write(folder.resolve("failed"), name + ".error.json", SendRefusal.notAccepted("not accepted, because " + cause
                    + ". Move the file back into the drop folder once mailbridge's store and queue run again; with a "
                    + "requestId in the file, items queued before are not queued twice").json());
            LOG.warn("Batch file {} not accepted, moved to failed/: {}", name, cause);
            throw new RefusedBatchFileException("batch file " + name + " not accepted: " + cause);
        }
    }

    private OutboundIntake.BatchAccepted accept(Path folder, String name) throws Exception {
        Files.createDirectories(work);
        try (DropFolderFiles files = new DropFolderFiles(folder, Files.createTempDirectory(work, "drop-"))) {
            DropFolderFiles.Copy batch;
            try {
                // the batch file too is read once, by the same rules as the files it names: both passes read this copy
                batch = files.copy(name, Long.MAX_VALUE);
            } catch (DropFolderFiles.RefusedPathException e) {
                throw new InvalidSendRequestException(null, "the batch file " + e.getMessage());
            }
            return intake.acceptBatch(batch.file(), files, "drop-folder:" + name);
        }
    }

    private static void write(Path dir, String name, Map<String, Object> content) throws IOException {
        Files.createDirectories(dir);
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(name).toFile(), content);
    }
}
