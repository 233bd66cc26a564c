package io.mailbridge.outbound;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a send request or batch was not accepted, as the API, the drop folder and the broker all report it.
 *
 * @param code      what kind of refusal, one of the constants below
 * @param field     the field at fault as a JSON path ({@code items[41].to[0]}), null for the whole request or a
 *                  refusal that is not about a field
 * @param message   what is wrong and what to change; it starts with the field when there is one
 * @param retryable whether the same request can be accepted later as it is (the store or the queue was unavailable)
 */
public record SendRefusal(String code, String field, String message, boolean retryable) {

    public static final String INVALID = "invalid-request";
    public static final String CONFLICT = "request-id-conflict";
    public static final String NOT_ACCEPTED = "not-accepted";
    public static final String TOO_LARGE = "request-too-large";

    /** A request that breaks a rule; {@code detail} says how, without the field. */
    public static SendRefusal invalid(String field, String detail) {
        return new SendRefusal(INVALID, field, field == null ? detail : field + ": " + detail, false);
    }

    /** A requestId used before for a different request, or being accepted right now. */
    public static SendRefusal conflict(String message) {
        return new SendRefusal(CONFLICT, null, message, false);
    }

    /** The store or the queue was unavailable: the request was not the problem, and may come again. */
    public static SendRefusal notAccepted(String message) {
        return new SendRefusal(NOT_ACCEPTED, null, message, true);
    }

    public static SendRefusal tooLarge(String message) {
        return new SendRefusal(TOO_LARGE, null, message, false);
    }

    /**
     * The refusal as a JSON object: {@code error}, {@code field} and {@code message}. An invalid request always has a
     * {@code field}, null when the whole body is at fault, so that clients can read it without checking it is there.
     */
    public Map<String, Object> json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        if (field != null || code.equals(INVALID)) {
            body.put("field", field);
        }
        body.put("message", message);
        return body;
    }
}
