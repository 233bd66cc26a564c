package io.mailbridge.inbound;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailOriginTest {

    @Test
    void idJoinsMailboxFolderUidValidityAndUid() {
        assertThat(new MailOrigin("sandbox-ap", "INBOX", 1700000000L, 42).id())
                .isEqualTo("sandbox-ap/INBOX/1700000000/42");
    }

    @Test
    void folderWithSlashesAndSpacesCannotBeConfusedWithAnotherSplit() {
        MailOrigin nested = new MailOrigin("ap", "Invoices/2024 Q1", 7, 9);

        assertThat(nested.id()).isEqualTo("ap/Invoices%2F2024%20Q1/7/9");
        assertThat(nested.id().split("/")).hasSize(4);
    }

    @Test
    void plusAndSpaceStayDistinct() {
        assertThat(new MailOrigin("ap", "a+b", 1, 1).id()).isEqualTo("ap/a%2Bb/1/1");
        assertThat(new MailOrigin("ap", "a b", 1, 1).id()).isEqualTo("ap/a%20b/1/1");
    }

    @Test
    void nonAsciiFolderNamesBecomeAsciiKeys() {
        assertThat(new MailOrigin("ap", "Gelöscht", 1, 2).id()).isEqualTo("ap/Gel%C3%B6scht/1/2");
    }

    @Test
    void missingPartsOfTheIdentityAreRefusedByName() {
        assertThatThrownBy(() -> new MailOrigin(" ", "INBOX", 1, 1)).hasMessageContaining("mailbox");
        assertThatThrownBy(() -> new MailOrigin("ap", "", 1, 1)).hasMessageContaining("folder");
        assertThatThrownBy(() -> new MailOrigin("ap", "INBOX", 0, 1)).hasMessageContaining("uidValidity");
        assertThatThrownBy(() -> new MailOrigin("ap", "INBOX", 1, 0)).hasMessageContaining("uid ");
    }
}
