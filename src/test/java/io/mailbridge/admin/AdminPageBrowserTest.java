package io.mailbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.sandbox.Sandbox;
import io.mailbridge.support.RunningApp;
import io.mailbridge.support.ScriptedErp;
import io.mailbridge.support.ScriptedSmtpServer;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin page in headless Chromium against the sandbox, as a newcomer would use it: log in, sign a delegated
 * mailbox in through the local authority's login page, run the connection test, replay a quarantined message, retry
 * a failed send, and see a broken secret named. Each step leaves a screenshot in target/screenshots/admin.
 */
class AdminPageBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHOTS = Path.of("target", "screenshots", "admin");

    private Path home;
    private RunningApp app;
    private ScriptedErp erp;
    private ScriptedSmtpServer partner;
    private WebDriver browser;
    private WebDriverWait wait;
    private int shot;
    private String scenario;

    @BeforeEach
    void start() throws Exception {
        home = RunningApp.newHome("mailbridge-admin-browser", "inbound-sandbox-erp.camel.yaml", "outbound-sandbox.camel.yaml");
        Files.createDirectories(SHOTS);
        erp = new ScriptedErp();
        partner = new ScriptedSmtpServer();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--ignore-certificate-errors", "--window-size=1366,1000",
                "--user-data-dir=" + Files.createTempDirectory("mailbridge-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
        partner.close();
        erp.close();
        RunningApp.deleteRecursively(home);
    }

    private RunningApp startApp(Map<String, String> extra) throws Exception {
        int port = RunningApp.freePort();
        Map<String, String> settings = new HashMap<>(RunningApp.sandboxSettings(home, port));
        settings.put("mailbridge.outbound.drop-folder", home.resolve("drop").toString());
        settings.put("mailbridge.outbound.templates", Path.of("templates").toAbsolutePath().toString());
        settings.put("mailbridge.erp.url", erp.url("/erp/documents"));
        settings.put("mailbridge.inbound.poll-delay-ms", "300");
        settings.put("mailbridge.inbound.max-attempts", "1");
        settings.put("mailbridge.outbound.messages-per-minute", "1000");
        settings.put("mailbridge.mailboxes.partner.address", "partner@sandbox.test");
        settings.put("mailbridge.mailboxes.partner.client", "sandbox");
        settings.put("mailbridge.mailboxes.partner.grant", "client-credentials");
        settings.put("mailbridge.mailboxes.partner.smtp", "smtp://127.0.0.1:" + partner.port());
        settings.putAll(extra);
        return RunningApp.start(home, settings, port);
    }

    /** A screenshot of the page scrolled to the section the step is about. */
    private void screenshot(String name, String section) throws Exception {
        if (section != null) {
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).scrollIntoView()", section);
        }
        File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), SHOTS.resolve(String.format("%s-%02d-%s.png", scenario, ++shot, name)), StandardCopyOption.REPLACE_EXISTING);
    }

    private void logIn() {
        browser.get(app.url("/admin").toString());
        browser.findElement(By.id("token")).sendKeys(RunningApp.ADMIN_TOKEN);
        browser.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#mailboxes tr[data-mailbox='sandbox-ap']")));
    }

    private WebElement row(String selector) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(selector)));
    }

    private void testMailbox(String mailbox) {
        row("#mailboxes tr[data-mailbox='" + mailbox + "'] button[data-action='test']").click();
        wait.withTimeout(Duration.ofSeconds(90)).until(ExpectedConditions.presenceOfElementLocated(By.id("test-result")));
    }

    @Test
    void aNewcomerSignsInTestsReplaysAndRetriesFromThePage() throws Exception {
        scenario = "newcomer";
        app = startApp(Map.of());
        partner.rcptReply = "550 5.1.1 User unknown";

        logIn();
        assertThat(browser.findElements(By.cssSelector("#mailboxes tr[data-mailbox]"))).extracting(e -> e.getAttribute("data-mailbox"))
                .contains("sandbox-ap", "sandbox-sales");
        // the sample invoice run of the sandbox went out, and the inbox is being read
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#batches tr[data-batch]"), "3 sent"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#mailboxes tr[data-mailbox='sandbox-ap']"), "polled"));
        // the instance answering, and the one polling each inbound route (this one: it runs alone)
        String instance = app.property("mailbridge.instance-id");
        assertThat(browser.findElement(By.id("instance")).getText()).isEqualTo("instance " + instance);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(
                "#mailboxes tr[data-mailbox='sandbox-ap'] [data-route='inbound-sandbox-erp']"), "polled by " + instance + " (this instance)"));
        screenshot("logged-in", null);

        // Sign in: the delegated sandbox mailbox, through the local authority's login page, back to a valid token
        row("#mailboxes tr[data-mailbox='sandbox-sales'] a[data-action='sign-in']").click();
        WebElement username = wait.until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
        screenshot("authority-login-page", null);
        username.sendKeys(Sandbox.DELEGATED_ADDRESS);
        username.submit();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Signed in"));
        screenshot("signed-in", null);
        browser.get(app.url("/admin").toString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#mailboxes tr[data-mailbox='sandbox-sales'] .status"), "valid"));
        screenshot("sales-token-valid", "mailboxes");

        // Test: every link of the sandbox mailbox passes
        testMailbox("sandbox-ap");
        assertThat(browser.findElement(By.id("test-result")).getAttribute("data-passed")).isEqualTo("true");
        List<WebElement> steps = browser.findElements(By.cssSelector("#test-report li"));
        assertThat(steps).hasSize(9).allSatisfy(s -> assertThat(s.getAttribute("data-outcome")).isEqualTo("passed"));
        screenshot("test-passed", "mailboxes");

        // Replay: a message the ERP refused sits in quarantine until the ERP is fixed
        deliver("Invoice 555 [422-until-fixed]");
        WebElement replay = row("#quarantined tr[data-message] button[data-action='replay']");
        assertThat(browser.findElement(By.id("quarantined")).getText()).contains("Invoice 555", "422");
        screenshot("quarantined", "inbound");
        erp.fixed = true;
        replay.click();
        await().atMost(Duration.ofSeconds(30)).until(() -> erp.requestsFor("Invoice 555").stream().anyMatch(r -> r.answered() == 201));
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("delivered"), "Invoice 555"));
        screenshot("replayed-and-delivered", "inbound");

        // Retry: a send the partner's server refused, once the partner has fixed the address
        String id = JSON.readTree(app.postJson("/api/outbound", """
                {"mailbox": "partner", "to": ["buyer@partner.test"], "subject": "Order confirmation 77", "text": "x"}""").body())
                .get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("failed"));
        browser.navigate().refresh();
        WebElement retry = row("#outbound tr[data-request='" + id + "'] button[data-action='retry']");
        assertThat(browser.findElement(By.cssSelector("#outbound tr[data-request='" + id + "']")).getText()).contains("550 5.1.1");
        screenshot("send-failed", "outbound");
        partner.rcptReply = "250 2.1.5 OK";
        retry.click();
        await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("sent"));
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#outbound tr[data-request='" + id + "'] .status"), "sent"));
        screenshot("send-retried", "outbound");
        assertThat(partner.acceptedMessageIds()).hasSize(1);
    }

    @Test
    void aWrongSecretIsNamedWithItsFixOnThePage() throws Exception {
        scenario = "wrong-secret";
        app = startApp(Map.of("mailbridge.clients.sandbox.client-secret", "a-wrong-secret-value"));
        logIn();
        testMailbox("sandbox-ap");
        WebElement failed = browser.findElement(By.cssSelector("#test-report li[data-outcome='failed']"));
        assertThat(failed.getAttribute("data-step")).isEqualTo("token");
        assertThat(failed.getText()).contains("invalid-client-secret", "AADSTS7000215").doesNotContain("a-wrong-secret-value");
        assertThat(browser.getPageSource()).doesNotContain("a-wrong-secret-value");
        screenshot("wrong-secret-named", "mailboxes");
    }

    private String status(String id) throws Exception {
        JsonNode status = JSON.readTree(app.get("/api/outbound/" + id, RunningApp.ADMIN_TOKEN).body());
        return status.get("status").asText();
    }

    private void deliver(String subject) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("supplier@example.test"));
        m.setRecipients(MimeMessage.RecipientType.TO, Sandbox.APP_ADDRESS);
        m.setSubject(subject);
        m.setText("Please pay.");
        m.saveChanges();
        app.camel().getRegistry().lookupByNameAndType("sandbox", Sandbox.class).mailServer().deliver(Sandbox.APP_ADDRESS, m);
    }
}
