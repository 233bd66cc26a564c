package io.mailbridge.diagnosis;

/** The {@code mailbridge.test.*} settings of the connection test, with their defaults; bound by Camel's property binding. */
public final class ConnectionTestProperties {

    public static final String PREFIX = "mailbridge.test.";

    private int timeoutSeconds = 15;
    private int deliveryWaitSeconds = 60;

    public int getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public int getDeliveryWaitSeconds() {
        return deliveryWaitSeconds;
    }

    public void setDeliveryWaitSeconds(int deliveryWaitSeconds) {
        this.deliveryWaitSeconds = deliveryWaitSeconds;
    }
}
