package io.mailbridge.mailbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MailboxSettingsReaderTest {

    private static final String SECRET_VALUE = "Xy8Q~abcDEFghiJKLmnoPQRstuVWXyz0123456789";

    private static Map<String, String> microsoftClient(String id) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("mailbridge.clients." + id + ".tenant-id", "contoso.onmicrosoft.com");
        p.put("mailbridge.clients." + id + ".client-id", "0b5a8c3e-6f1d-4e2a-9c7b-1d2e3f4a5b6c");
        p.put("mailbridge.clients." + id + ".client-secret", SECRET_VALUE);
        return p;
    }

    private static Map<String, String> withMailbox(Map<String, String> p, String id, String address, String client) {
        p.put("mailbridge.mailboxes." + id + ".address", address);
        p.put("mailbridge.mailboxes." + id + ".client", client);
        return p;
    }

    private static Map<String, String> validSetup() {
        return withMailbox(microsoftClient("entra"), "ap", "ap@contoso.com", "entra");
    }

    private static ConfigurationException readFailure(Map<String, String> properties) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> MailboxSettingsReader.read(properties));
        assertThat(e).as("expected a ConfigurationException").isNotNull();
        return e;
    }

    @Test
    void microsoftClientAndMailboxGetMicrosoftDefaults() {
        MailboxRegistry registry = MailboxSettingsReader.read(validSetup());

        OAuthClient client = registry.clients().iterator().next();
        assertThat(client.id()).isEqualTo("entra");
        assertThat(client.authority()).isEqualTo("https://login.microsoftonline.com/");
        assertThat(client.tenantAuthority()).isEqualTo("https://login.microsoftonline.com/contoso.onmicrosoft.com/");
        assertThat(client.clientSecret().reveal()).isEqualTo(SECRET_VALUE);
        assertThat(client.delegatedScopes()).containsExactly(
                "https://outlook.office.com/IMAP.AccessAsUser.All",
                "https://outlook.office.com/SMTP.Send",
                "offline_access");
        assertThat(client.appScopes()).containsExactly("https://outlook.office365.com/.default");

        Mailbox mailbox = registry.mailbox("ap").orElseThrow();
        assertThat(mailbox.address()).isEqualTo("ap@contoso.com");
        assertThat(mailbox.login()).isEqualTo("ap@contoso.com");
        assertThat(mailbox.grant()).isEqualTo(Grant.AUTHORIZATION_CODE);
        assertThat(mailbox.client()).isSameAs(client);
        assertThat(mailbox.imap().uri()).isEqualTo("imaps://outlook.office365.com:993");
        assertThat(mailbox.smtp().uri()).isEqualTo("smtp://smtp.office365.com:587");
        assertThat(mailbox.pop3()).isNull();
        assertThat(mailbox.password()).isNull();
    }

    @Test
    void theSecretsExpiryDateIsReadAndAWrongOneNamed() {
        Map<String, String> p = validSetup();
        p.put("mailbridge.clients.entra.secret-expires", "2027-03-31");
        assertThat(MailboxSettingsReader.read(p).clients().iterator().next().secretExpires()).isEqualTo(LocalDate.parse("2027-03-31"));

        p.put("mailbridge.clients.entra.secret-expires", "31.03.2027");
        assertThatThrownBy(() -> MailboxSettingsReader.read(p)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("mailbridge.clients.entra.secret-expires").hasMessageContaining("2027-03-31");
    }

    @Test
    void configuredLoginAndServersOverrideTheDefaults() {
        Map<String, String> p = validSetup();
        p.put("mailbridge.mailboxes.ap.login", "shared-ap@contoso.com");
        p.put("mailbridge.mailboxes.ap.imap", "imaps://imap.contoso.com");
        p.put("mailbridge.mailboxes.ap.grant", "device-code");

        Mailbox mailbox = MailboxSettingsReader.read(p).mailbox("ap").orElseThrow();

        assertThat(mailbox.login()).isEqualTo("shared-ap@contoso.com");
        assertThat(mailbox.imap()).isEqualTo(new ServerAddress("imaps", "imap.contoso.com", 993));
        assertThat(mailbox.smtp().uri()).isEqualTo("smtp://smtp.office365.com:587");
        assertThat(mailbox.grant()).isEqualTo(Grant.DEVICE_CODE);
    }

    @Test
    void oneClientServesTwoMailboxes() {
        Map<String, String> p = withMailbox(validSetup(), "sales", "sales@contoso.com", "entra");

        MailboxRegistry registry = MailboxSettingsReader.read(p);

        assertThat(registry.clients()).hasSize(1);
        Mailbox ap = registry.mailbox("ap").orElseThrow();
        Mailbox sales = registry.mailbox("sales").orElseThrow();
        assertThat(ap.client()).isSameAs(sales.client());
        assertThat(registry.mailboxes()).extracting(Mailbox::address)
                .containsExactlyInAnyOrder("ap@contoso.com", "sales@contoso.com");
        assertThat(registry.byLogin("SALES@contoso.com")).containsExactly(sales);
    }

    @Test
    void passwordMailboxNeedsNoClient() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("mailbridge.mailboxes.legacy.address", "orders@example.org");
        p.put("mailbridge.mailboxes.legacy.password", "hunter2");
        p.put("mailbridge.mailboxes.legacy.imap", "imap://mail.example.org");

        Mailbox mailbox = MailboxSettingsReader.read(p).mailbox("legacy").orElseThrow();

        assertThat(mailbox.grant()).isEqualTo(Grant.PASSWORD);
        assertThat(mailbox.client()).isNull();
        assertThat(mailbox.password().reveal()).isEqualTo("hunter2");
        assertThat(mailbox.imap().uri()).isEqualTo("imap://mail.example.org:143");
        assertThat(mailbox.smtp()).isNull();
    }

    @Test
    void unknownClientReferenceNamesThePropertyAndListsConfiguredClients() {
        Map<String, String> p = microsoftClient("entra");
        p.putAll(microsoftClient("partner"));
        withMailbox(p, "ap", "ap@contoso.com", "entra-prod");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).singleElement().asString()
                .startsWith("mailbridge.mailboxes.ap.client")
                .contains("unknown client 'entra-prod'")
                .contains("configured clients: entra, partner");
        assertThat(e.getMessage()).contains("mailbridge.mailboxes.ap.client");
    }

    @Test
    void unknownClientReferenceWithNoClientsSaysHowToAddOne() {
        Map<String, String> p = withMailbox(new LinkedHashMap<>(), "ap", "ap@contoso.com", "entra");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).singleElement().asString()
                .contains("mailbridge.mailboxes.ap.client")
                .contains("mailbridge.clients.entra.tenant-id");
    }

    @Test
    void missingTenantIdNamesTheProperty() {
        Map<String, String> p = validSetup();
        p.remove("mailbridge.clients.entra.tenant-id");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).singleElement().asString()
                .startsWith("mailbridge.clients.entra.tenant-id is missing");
        assertThat(e.getMessage()).contains("mailbridge.clients.entra.tenant-id");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ap.contoso.com",
            "ap@contoso",
            "Accounts Payable <ap@contoso.com>",
            "ap@@contoso.com",
    })
    void malformedAddressNamesTheProperty(String address) {
        Map<String, String> p = withMailbox(microsoftClient("entra"), "ap", address, "entra");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).singleElement().asString()
                .startsWith("mailbridge.mailboxes.ap.address")
                .contains("is not an e-mail address");
    }

    @Test
    void serverWithoutSchemeNamesThePropertyAndTheExpectedForm() {
        Map<String, String> p = validSetup();
        p.put("mailbridge.mailboxes.ap.imap", "outlook.office365.com");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).singleElement().asString()
                .startsWith("mailbridge.mailboxes.ap.imap: 'outlook.office365.com'")
                .contains("imap://host:port or imaps://host:port");
    }

    @Test
    void serverWithHostAndPortButNoSchemeIsRejected() {
        Map<String, String> p = validSetup();
        p.put("mailbridge.mailboxes.ap.smtp", "smtp.office365.com:587");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).singleElement().asString()
                .startsWith("mailbridge.mailboxes.ap.smtp")
                .contains("smtp://host:port or smtps://host:port");
    }

    @Test
    void serverWithFolderPathIsRejected() {
        Map<String, String> p = validSetup();
        p.put("mailbridge.mailboxes.ap.imap", "imaps://outlook.office365.com:993/INBOX");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).singleElement().asString()
                .startsWith("mailbridge.mailboxes.ap.imap")
                .contains("folders and options belong in the route");
    }

    @Test
    void serverWithTheWrongProtocolForItsSettingIsRejected() {
        Map<String, String> p = validSetup();
        p.put("mailbridge.mailboxes.ap.imap", "smtp://smtp.office365.com:587");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).singleElement().asString().startsWith("mailbridge.mailboxes.ap.imap");
    }

    @Test
    void secretThatLooksLikeTheSecretIdIsRejected() {
        Map<String, String> p = validSetup();
        p.put("mailbridge.clients.entra.client-secret", "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).singleElement().asString()
                .startsWith("mailbridge.clients.entra.client-secret")
                .contains("secret's ID")
                .contains("'Value'")
                .doesNotContain("3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
    }

    @Test
    void settingTypoIsReportedWithTheKnownSettings() {
        Map<String, String> p = validSetup();
        p.put("mailbridge.clients.entra.tenant_id", p.remove("mailbridge.clients.entra.tenant-id"));

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith("mailbridge.clients.entra.tenant_id")
                .contains("unknown setting 'tenant_id'")
                .contains("tenant-id"));
        assertThat(e.problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith("mailbridge.clients.entra.tenant-id is missing"));
    }

    @Test
    void mailboxSettingTypoIsReported() {
        Map<String, String> p = validSetup();
        p.put("mailbridge.mailboxes.ap.adress", "ap@contoso.com");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).singleElement().asString()
                .startsWith("mailbridge.mailboxes.ap.adress")
                .contains("unknown setting 'adress'");
    }

    @Test
    void upperCaseIdIsRejected() {
        Map<String, String> p = withMailbox(microsoftClient("entra"), "AP", "ap@contoso.com", "entra");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).allSatisfy(problem -> assertThat(problem)
                .startsWith("mailbridge.mailboxes.AP.")
                .contains("the id 'AP' must be lower-case"));
    }

    @Test
    void unknownGrantNameListsTheAllowedGrants() {
        Map<String, String> p = validSetup();
        p.put("mailbridge.mailboxes.ap.grant", "auth-code");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).singleElement().asString()
                .startsWith("mailbridge.mailboxes.ap.grant")
                .contains("'auth-code'")
                .contains("authorization-code, device-code, client-credentials, password");
    }

    @Test
    void clientCredentialsWithoutSecretNamesTheClientSecretProperty() {
        Map<String, String> p = validSetup();
        p.remove("mailbridge.clients.entra.client-secret");
        p.put("mailbridge.mailboxes.ap.grant", "client-credentials");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).singleElement().asString()
                .startsWith("mailbridge.mailboxes.ap.grant client-credentials needs a client credential")
                .contains("mailbridge.clients.entra.client-secret");
    }

    @Test
    void deviceCodeNeedsNoClientSecret() {
        Map<String, String> p = validSetup();
        p.remove("mailbridge.clients.entra.client-secret");
        p.put("mailbridge.mailboxes.ap.grant", "device-code");

        Mailbox mailbox = MailboxSettingsReader.read(p).mailbox("ap").orElseThrow();

        assertThat(mailbox.client().hasCredential()).isFalse();
    }

    @Test
    void passwordGrantWithoutPasswordNamesTheProperty() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("mailbridge.mailboxes.legacy.address", "orders@example.org");
        p.put("mailbridge.mailboxes.legacy.grant", "password");
        p.put("mailbridge.mailboxes.legacy.imap", "imap://mail.example.org");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).singleElement().asString()
                .startsWith("mailbridge.mailboxes.legacy.password is missing");
    }

    @Test
    void passwordOnAnOAuthMailboxIsRejected() {
        Map<String, String> p = validSetup();
        p.put("mailbridge.mailboxes.ap.password", "hunter2");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).singleElement().asString()
                .startsWith("mailbridge.mailboxes.ap.password is set but grant is authorization-code")
                .doesNotContain("hunter2");
    }

    @Test
    void mailboxWithNeitherClientNorPasswordIsAskedForAGrant() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("mailbridge.mailboxes.ap.address", "ap@contoso.com");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).singleElement().asString()
                .startsWith("mailbridge.mailboxes.ap.grant is missing");
    }

    @Test
    void plainHttpAuthorityIsRejected() {
        Map<String, String> p = validSetup();
        p.put("mailbridge.clients.entra.authority", "http://login.microsoftonline.com/");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).singleElement().asString()
                .startsWith("mailbridge.clients.entra.authority")
                .contains("must be an https URL");
    }

    @Test
    void authorityWithTenantPathIsRejected() {
        Map<String, String> p = validSetup();
        p.put("mailbridge.clients.entra.authority", "https://login.microsoftonline.com/contoso.onmicrosoft.com");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).singleElement().asString()
                .startsWith("mailbridge.clients.entra.authority")
                .contains("the tenant is added from tenant-id");
    }

    @Test
    void nonMicrosoftAuthorityGetsNoMicrosoftDefaults() {
        Map<String, String> p = validSetup();
        p.put("mailbridge.clients.entra.authority", "https://auth.example.org");
        p.put("mailbridge.mailboxes.ap.imap", "imaps://mail.example.org");

        MailboxRegistry registry = MailboxSettingsReader.read(p);

        OAuthClient client = registry.clients().iterator().next();
        assertThat(client.authority()).isEqualTo("https://auth.example.org/");
        assertThat(client.delegatedScopes()).containsExactly("offline_access");
        assertThat(client.appScopes()).isEmpty();
        Mailbox mailbox = registry.mailbox("ap").orElseThrow();
        assertThat(mailbox.imap().host()).isEqualTo("mail.example.org");
        assertThat(mailbox.smtp()).isNull();
    }

    @Test
    void severalProblemsAreAllReportedInOneException() {
        Map<String, String> p = microsoftClient("entra");
        p.remove("mailbridge.clients.entra.tenant-id");
        p.put("mailbridge.clients.entra.authority", "http://login.microsoftonline.com/");
        withMailbox(p, "ap", "not-an-address", "entra");
        p.put("mailbridge.mailboxes.ap.imap", "outlook.office365.com");
        withMailbox(p, "sales", "sales@contoso.com", "missing");
        p.put("mailbridge.mailboxes.sales.grant", "oauth");

        ConfigurationException e = readFailure(p);

        assertThat(e.problems()).hasSize(5);
        assertThat(e.problems()).anyMatch(s -> s.startsWith("mailbridge.clients.entra.tenant-id"));
        assertThat(e.problems()).anyMatch(s -> s.startsWith("mailbridge.clients.entra.authority"));
        assertThat(e.problems()).anyMatch(s -> s.startsWith("mailbridge.mailboxes.ap.address"));
        assertThat(e.problems()).anyMatch(s -> s.startsWith("mailbridge.mailboxes.ap.imap"));
        assertThat(e.problems()).anyMatch(s -> s.startsWith("mailbridge.mailboxes.sales.grant"));
        assertThat(e.getMessage()).startsWith("Invalid configuration (5 problems):");
        e.problems().forEach(problem -> assertThat(e.getMessage()).contains(problem));
    }

    @Test
    void singleProblemMessageIsOneLine() {
        Map<String, String> p = validSetup();
        p.remove("mailbridge.clients.entra.client-id");

        ConfigurationException e = readFailure(p);

        assertThat(e.getMessage()).startsWith("Invalid configuration: mailbridge.clients.entra.client-id is missing")
                .doesNotContain("\n");
    }

    @Test
    void clientSecretNeverAppearsInProblems() {
        Map<String, String> p = validSetup();
        p.remove("mailbridge.clients.entra.tenant-id");

        ConfigurationException e = readFailure(p);

        assertThat(e.getMessage()).doesNotContain(SECRET_VALUE);
    }

    @ParameterizedTest
    @CsvSource({
            "imap://mail.example.org,   imap,  143",
            "imaps://mail.example.org,  imaps, 993",
            "smtp://mail.example.org,   smtp,  587",
            "smtps://mail.example.org,  smtps, 465",
            "pop3://mail.example.org,   pop3,  110",
            "pop3s://mail.example.org,  pop3s, 995",
            "imaps://mail.example.org/, imaps, 993",
    })
    void serverAddressUsesTheProtocolsDefaultPort(String text, String protocol, int port) {
        ServerAddress address = ServerAddress.parse(text, Set.of("imap", "imaps", "smtp", "smtps", "pop3", "pop3s"));

        assertThat(address).isEqualTo(new ServerAddress(protocol, "mail.example.org", port));
    }

    @Test
    void serverAddressKeepsAnExplicitPortAndLowerCasesSchemeAndHost() {
        ServerAddress address = ServerAddress.parse(" IMAPS://Outlook.Office365.com:1993 ", Set.of("imaps"));

        assertThat(address.uri()).isEqualTo("imaps://outlook.office365.com:1993");
    }

    @Test
    void serverAddressRejectsQueryOptions() {
        assertThatThrownBy(() -> ServerAddress.parse("imaps://outlook.office365.com?delete=true", Set.of("imaps")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must name only protocol, host and port");
    }
}
