package io.mailbridge;

import io.mailbridge.mailbox.ConfigurationException;
import org.apache.camel.main.Main;

/** Starts mailbridge on Camel Main, or runs a command: {@code sign-in <mailbox>}, {@code test <mailbox>}. */
public final class Application {

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
        Main main = new Main();
        main.setPropertyPlaceholderLocations(configLocation);
        main.configure().addConfiguration(new MailbridgeSetup());
        return main;
    }

    static String configLocation() {
        String file = System.getProperty("mailbridge.config", System.getenv().getOrDefault("MAILBRIDGE_CONFIG", "application.properties"));
        return "file:" + file;
    }
}
