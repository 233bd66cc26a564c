package io.mailbridge;

import io.mailbridge.admin.HttpProperties;
import io.mailbridge.cluster.ClusterProperties;
import io.mailbridge.config.GeneralProperties;
import io.mailbridge.config.Settings;
import io.mailbridge.config.SettingsBinding;
import io.mailbridge.diagnosis.ConnectionTestProperties;
import io.mailbridge.inbound.ErpProperties;
import io.mailbridge.inbound.InboundProperties;
import io.mailbridge.mailbox.MailboxSettingsReader;
import io.mailbridge.oauth.TokenProperties;
import io.mailbridge.outbound.OutboundProperties;
import io.mailbridge.sandbox.SandboxProperties;
import io.mailbridge.store.StoreProperties;
import org.apache.camel.CamelContext;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every {@code mailbridge.*} setting, each group in the settings bean of its feature, bound by Camel's property
 * binding in one step, so that every typo and every value of the wrong type is named in one error. The mailboxes and
 * OAuth clients are read by {@link MailboxSettingsReader}, a mailbox's own sending limits by the outbound setup.
 */
record MailbridgeSettings(GeneralProperties general, StoreProperties store, SandboxProperties sandbox, TokenProperties token,
                          ConnectionTestProperties test, HttpProperties http, InboundProperties inbound, ErpProperties erp,
                          OutboundProperties outbound, ClusterProperties cluster) {

    static MailbridgeSettings bind(CamelContext context) {
        MailbridgeSettings s = new MailbridgeSettings(new GeneralProperties(), new StoreProperties(), new SandboxProperties(),
                new TokenProperties(), new ConnectionTestProperties(), new HttpProperties(), new InboundProperties(),
                new ErpProperties(), new OutboundProperties(), new ClusterProperties());
        Map<String, Object> beans = new LinkedHashMap<>();
        beans.put(GeneralProperties.PREFIX, s.general);
        beans.put(StoreProperties.PREFIX, s.store);
        beans.put(SandboxProperties.PREFIX, s.sandbox);
        beans.put(TokenProperties.PREFIX, s.token);
        beans.put(ConnectionTestProperties.PREFIX, s.test);
        beans.put(HttpProperties.PREFIX, s.http);
        beans.put(InboundProperties.PREFIX, s.inbound);
        beans.put(ErpProperties.PREFIX, s.erp);
        beans.put(OutboundProperties.PREFIX, s.outbound);
        beans.put(ClusterProperties.PREFIX, s.cluster);
        beans.put(ClusterProperties.ZooKeeper.PREFIX, s.cluster.zookeeper());
        beans.put(ClusterProperties.Kubernetes.PREFIX, s.cluster.kubernetes());
        SettingsBinding.bind(context, beans, List.of(MailboxSettingsReader.CLIENTS, MailboxSettingsReader.MAILBOXES,
                OutboundProperties.MAILBOX_PREFIX));
        return s;
    }

    Path dataDir() {
        return Path.of(general.getDataDir());
    }

    /** The address users reach mailbridge at, for links and the sign-in redirect. */
    String publicUrl(Settings settings) {
        return general.getPublicUrl() != null ? general.getPublicUrl()
                : "http://localhost:" + settings.text("camel.server.port", "8080");
    }
}
