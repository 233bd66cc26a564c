package io.mailbridge.outbound;

/**
 * The {@code mailbridge.outbound.*} settings as written, with their defaults; bound by Camel's property binding. The
 * per-mailbox limits ({@code mailbridge.outbound.mailboxes.<id>.*}) are read by {@link OutboundSetup}.
 */
public final class OutboundProperties {

    public static final String PREFIX = "mailbridge.outbound.";
    /** A mailbox's own limits: {@code <MAILBOX_PREFIX><mailbox id>.messages-per-minute} and {@code .recipients-per-day}. */
    public static final String MAILBOX_PREFIX = PREFIX + "mailboxes.";

    private String templates = "templates";
    private String dropFolder = "data/outbound-drop";
    private int messagesPerMinute = 30;
    private int recipientsPerDay = 10_000;
    private int maxConnections = 3;
    private int idleTimeoutSeconds = 60;
    private int maxAttempts = 10;
    private int retryDelaySeconds = 30;
    private int maxRetryDelaySeconds = 3600;
    private int pauseRecheckSeconds = 300;
    private int maxRecipients = 500;
    private long maxAttachmentBytes = 20L * 1024 * 1024;
    private int maxBatchItems = 100_000;
    private long batchChunkBytes = OutboundIntake.DEFAULT_CHUNK_BYTES;
    private int consumers = 6;
    private long maxRequestBytes = 32L * 1024 * 1024;
    private String brokerUrl;
    private String brokerUser;
    private String brokerPassword;
    private int brokerConnectionTtlSeconds = 30;
    private String acceptor;
    private String acceptorUser;
    private String acceptorPassword;
    private String statusWebhook;
    private String statusWebhookToken;

    public String getTemplates() {
        return templates;
    }

    public void setTemplates(String templates) {
        this.templates = templates;
    }

    /** Read by the route files (the drop folder's consumer) as well. */
    public String getDropFolder() {
        return dropFolder;
    }

    public void setDropFolder(String dropFolder) {
        this.dropFolder = dropFolder;
    }

    public int getMessagesPerMinute() {
        return messagesPerMinute;
    }

    public void setMessagesPerMinute(int messagesPerMinute) {
        this.messagesPerMinute = messagesPerMinute;
    }

    public int getRecipientsPerDay() {
        return recipientsPerDay;
    }

    public void setRecipientsPerDay(int recipientsPerDay) {
        this.recipientsPerDay = recipientsPerDay;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int getIdleTimeoutSeconds() {
        return idleTimeoutSeconds;
    }

    public void setIdleTimeoutSeconds(int idleTimeoutSeconds) {
        this.idleTimeoutSeconds = idleTimeoutSeconds;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public int getRetryDelaySeconds() {
        return retryDelaySeconds;
    }

    public void setRetryDelaySeconds(int retryDelaySeconds) {
        this.retryDelaySeconds = retryDelaySeconds;
    }

    public int getMaxRetryDelaySeconds() {
        return maxRetryDelaySeconds;
    }

    public void setMaxRetryDelaySeconds(int maxRetryDelaySeconds) {
        this.maxRetryDelaySeconds = maxRetryDelaySeconds;
    }

    public int getPauseRecheckSeconds() {
        return pauseRecheckSeconds;
    }

    public void setPauseRecheckSeconds(int pauseRecheckSeconds) {
        this.pauseRecheckSeconds = pauseRecheckSeconds;
    }

    public int getMaxRecipients() {
        return maxRecipients;
    }

    public void setMaxRecipients(int maxRecipients) {
        this.maxRecipients = maxRecipients;
    }

    public long getMaxAttachmentBytes() {
        return maxAttachmentBytes;
    }

    public void setMaxAttachmentBytes(long maxAttachmentBytes) {
        this.maxAttachmentBytes = maxAttachmentBytes;
    }

    public int getMaxBatchItems() {
        return maxBatchItems;
    }

    public void setMaxBatchItems(int maxBatchItems) {
        this.maxBatchItems = maxBatchItems;
    }

    public long getBatchChunkBytes() {
        return batchChunkBytes;
    }

    public void setBatchChunkBytes(long batchChunkBytes) {
        this.batchChunkBytes = batchChunkBytes;
    }

    /** Read by the route files (the send queue's consumers), not by mailbridge's code. */
    public int getConsumers() {
        return consumers;
    }

    public void setConsumers(int consumers) {
        this.consumers = consumers;
    }

    public long getMaxRequestBytes() {
        return maxRequestBytes;
    }

    public void setMaxRequestBytes(long maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    public String getBrokerUrl() {
        return brokerUrl;
    }

    public void setBrokerUrl(String brokerUrl) {
        this.brokerUrl = brokerUrl;
    }

    public String getBrokerUser() {
        return brokerUser;
    }

    public void setBrokerUser(String brokerUser) {
        this.brokerUser = brokerUser;
    }

    public String getBrokerPassword() {
        return brokerPassword;
    }

    public void setBrokerPassword(String brokerPassword) {
        this.brokerPassword = brokerPassword;
    }

    /** How long an external broker waits for a silent instance before it gives that instance's mail to the others. */
    public int getBrokerConnectionTtlSeconds() {
        return brokerConnectionTtlSeconds;
    }

    public void setBrokerConnectionTtlSeconds(int brokerConnectionTtlSeconds) {
        this.brokerConnectionTtlSeconds = brokerConnectionTtlSeconds;
    }

    public String getAcceptor() {
        return acceptor;
    }

    public void setAcceptor(String acceptor) {
        this.acceptor = acceptor;
    }

    public String getAcceptorUser() {
        return acceptorUser;
    }

    public void setAcceptorUser(String acceptorUser) {
        this.acceptorUser = acceptorUser;
    }

    public String getAcceptorPassword() {
        return acceptorPassword;
    }

    public void setAcceptorPassword(String acceptorPassword) {
        this.acceptorPassword = acceptorPassword;
    }

    public String getStatusWebhook() {
        return statusWebhook;
    }

    public void setStatusWebhook(String statusWebhook) {
        this.statusWebhook = statusWebhook;
    }

    public String getStatusWebhookToken() {
        return statusWebhookToken;
    }

    public void setStatusWebhookToken(String statusWebhookToken) {
        this.statusWebhookToken = statusWebhookToken;
    }
}
