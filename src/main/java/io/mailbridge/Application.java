package io.mailbridge;

import io.mailbridge.mailbox.ConfigurationException;
import org.apache.camel.main.Main;

/** Starts mailbridge on Camel Main, or runs a command: {@code sign-in <mailbox>}, {@code test <mailbox>}. */
public final class Application {

    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("sign-in")) {
            System.exit(SignInCommand.run(configLocation(), args));
        }
        if (args.length > 0 && args[0].equals("test")) {
            System.exit(TestCommand.run(configLocation(), args, System.out, System.err));
        }
        try {
            System.exit(createMain(configLocation()).run(args));
        } catch (Exception e) {
            // a configuration or port problem deserves its message, not a stack trace
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof ConfigurationException)) {
                cause = cause.getCause();
            }
            System.err.println("mailbridge did not start: " + (cause instanceof ConfigurationException ? cause.getMessage() : e.getMessage()));
            System.exit(1);
        }
    }

    /** Camel Main with mailbridge's configuration file and setup; tests start it the same way. */
    public static Main createMain(String configLocation) {
        // named rather than looked up: Jakarta Mail otherwise searches the class path for its stream provider at every
        // MIME part it reads or writes, a sixth of the time spent per outbound mail
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
        Main main = new Main();
        main.setPropertyPlaceholderLocations(configLocation);
        main.configure().addConfiguration(new MailbridgeSetup());
        // Camel would log every property at start-up and masks only the keys it knows as secret, so the admin token,
        // the token key and the broker, acceptor and webhook credentials would land in the log
        main.configure().setAutoConfigurationLogSummary(false);
        return main;
    }

    static String configLocation() {
        String file = System.getProperty("mailbridge.config", System.getenv().getOrDefault("MAILBRIDGE_CONFIG", "application.properties"));
        return "file:" + file;
    }
}
