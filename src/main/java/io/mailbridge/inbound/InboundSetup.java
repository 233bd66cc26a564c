package io.mailbridge.inbound;

import io.mailbridge.diagnosis.ConnectionCheck;
import io.mailbridge.diagnosis.TestMailMarker;
import io.mailbridge.mailbox.MailEndpointConfigurer;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.metrics.MailbridgeMetrics;
import io.mailbridge.store.Database;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.mail.MailEndpoint;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Wires the inbound flow: the ledger, the consumer that reads the folders of configured mailboxes, and the steps
 * routes in {@code routes/} call ({@code inboundDocument}, {@code erpAuthorization}, {@code inboundOutcome}).
 */
public final class InboundSetup {

    /** The parts of the inbound flow the HTTP API and the connection test need. */
    public record Parts(InboundLedger ledger, InboundSettings settings, InboundEndpointConfigurer endpoints) {
    }

    private InboundSetup() {
    }

    public static Parts install(CamelContext context, InboundProperties properties, ErpProperties erpProperties, Path dataDir,
                                MailboxRegistry registry,
                                MailEndpointConfigurer mailEndpoints, Database database, MailbridgeMetrics metrics,
                                TestMailMarker testMail) throws Exception {
        InboundLedger ledger = new InboundLedger(database.dataSource(), Clock.systemUTC());
        // retries are the ledger's, visible and backed off; the HTTP client's own silent re-sends would hide them
        for (String scheme : new String[] {"http", "https"}) {
            context.getComponent(scheme, HttpComponent.class).setAutomaticRetriesDisabled(true);
        }
        ErpAuthorization erp = erpProperties.authorization(Clock.systemUTC());
        InboundSettings inbound = properties.settings(dataDir.resolve("work"), erpProperties.timeout());
        InboundEndpointConfigurer inboundEndpoints = new InboundEndpointConfigurer(registry, ledger, inbound,
                new InboundEndpointConfigurer.LeaveAlone(List.of(TestMailMarker.HEADER), testMail));
        // one callback, in this order: the inbound consumer connects with the credential given to the endpoint first
        context.getCamelContextExtension().registerEndpointCallback((uri, endpoint) ->
                inboundEndpoints.registerEndpoint(uri, mailEndpoints.registerEndpoint(uri, endpoint)));
        InboundPipeline pipeline = new InboundPipeline(ledger, inbound, erp, metrics, Clock.systemUTC());
        pipeline.prepareWorkDirectory();
        context.getRegistry().bind("inboundDocument", (Processor) pipeline::receive);
        context.getRegistry().bind("inboundOutcome", (Processor) pipeline::acknowledge);
        context.getRegistry().bind("erpAuthorization", (Processor) erp::apply);
        context.getRegistry().bind("inboundLedger", ledger);
        return new Parts(ledger, inbound, inboundEndpoints);
    }

    /** The folders the running routes read and write for a mailbox, for its connection test. */
    public static ConnectionCheck.Folders foldersOf(CamelContext context, MailboxRegistry registry, String mailboxId,
                                                    String quarantine) {
        Set<String> read = new LinkedHashSet<>();
        Set<String> written = new LinkedHashSet<>();
        for (Route route : context.getRoutes()) {
            Endpoint endpoint = route.getEndpoint() instanceof MailboxEndpoint inbound ? inbound.mailEndpoint() : route.getEndpoint();
            if (endpoint instanceof MailEndpoint mail) {
                var config = mail.getConfiguration();
                boolean ours = registry.serving(config.getUsername(), config.getProtocol(), config.getHost(), config.getPort())
                        .filter(m -> m.id().equals(mailboxId)).isPresent();
                if (ours) {
                    read.add(config.getFolderName());
                    Optional.ofNullable(config.getMoveTo()).ifPresent(written::add);
                    Optional.ofNullable(config.getCopyTo()).ifPresent(written::add);
                    written.add(quarantine);
                }
            }
        }
        return new ConnectionCheck.Folders(List.copyOf(read), List.copyOf(written));
    }
}
