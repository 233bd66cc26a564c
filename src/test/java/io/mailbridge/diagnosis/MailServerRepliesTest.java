package io.mailbridge.diagnosis;

import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.MailServerReplies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Replies recorded from Exchange Online, for the refusals no local server produces, each with its named cause. */
class MailServerRepliesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [AM0PR02CA0001.eurprd02.prod.outlook.com]|CLIENT_CREDENTIALS|smtp-auth-disabled",
            "535 5.7.139 Authentication unsuccessful, the user credentials were incorrect. [BN9PR03CA0123.namprd03.prod.outlook.com]|AUTHORIZATION_CODE|smtp-auth-refused",
            "535 5.7.3 Authentication unsuccessful [MW4PR04CA0123.namprd04.prod.outlook.com]|CLIENT_CREDENTIALS|smtp-auth-refused",
            "554 5.2.252 SendAsDenied; sales@contoso.com not allowed to send as billing@contoso.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied|AUTHORIZATION_CODE|send-as-denied",
            "550 5.7.60 SMTP; Client does not have permissions to send as this sender|CLIENT_CREDENTIALS|send-as-denied",
            "432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded [Hostname=AM6PR04MB1234.eurprd04.prod.outlook.com]|CLIENT_CREDENTIALS|throttled",
            "421 4.7.66 Too many concurrent connections from this client throttled|AUTHORIZATION_CODE|throttled",
            "530 5.7.0 Must issue a STARTTLS command first|CLIENT_CREDENTIALS|starttls-required",
            "530 5.7.57 Client not authenticated to send mail. [DB8PR04CA0011.eurprd04.prod.outlook.com]|AUTHORIZATION_CODE|smtp-not-authenticated"})
    void smtp(String reply, Grant grant, String cause) {
        MailServerReplies.Diagnosis d = MailServerReplies.smtp(reply, grant);
        assertThat(d.cause()).isEqualTo(cause);
        assertThat(d.fix()).isNotBlank();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "AUTHENTICATE failed.|CLIENT_CREDENTIALS|app-not-permitted-on-mailbox",
            "AUTHENTICATE failed.|AUTHORIZATION_CODE|imap-auth-refused",
            "User is authenticated but not connected.|CLIENT_CREDENTIALS|no-mailbox-for-login",
            "Request is throttled. Suggested Backoff Time: 299961 milliseconds|AUTHORIZATION_CODE|throttled",
            "[UNAVAILABLE] Command Error. 12|AUTHORIZATION_CODE|imap-refused"})
    void imap(String response, Grant grant, String cause) {
        assertThat(MailServerReplies.imap(response, grant).cause()).isEqualTo(cause);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "AUTHENTICATE failed.|New-ServicePrincipal",
            "User is authenticated but not connected.|Add-MailboxPermission"})
    void appOnlyFixesNameTheExchangeCommands(String response, String command) {
        assertThat(MailServerReplies.imap(response, Grant.CLIENT_CREDENTIALS).fix()).contains(command);
    }
}
