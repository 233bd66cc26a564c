package io.mailbridge.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mailbridge.common.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.LinkedHashMap;
import java.util.Map;

/** Writes HTTP answers; request headers are dropped first so none is ever echoed back (Authorization included). */
final class HttpReplies {


    private HttpReplies() {
    }

    static void json(Exchange exchange, int status, Object body) {
        try {
            reply(exchange, status, "application/json", Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void error(Exchange exchange, int status, String error, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        json(exchange, status, body);
    }

    static void html(Exchange exchange, int status, String title, String text) {
        reply(exchange, status, "text/html; charset=utf-8", "<!doctype html><html><head><meta charset=\"utf-8\"><title>"
                + escape(title) + "</title></head><body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\"><h1>"
                + escape(title) + "</h1><p>" + escape(text) + "</p></body></html>");
    }

    static void redirect(Exchange exchange, String location) {
        reply(exchange, 302, "text/plain", "");
        exchange.getMessage().setHeader("Location", location);
    }

    static void reply(Exchange exchange, int status, String contentType, String body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setHeader("Cache-Control", "no-store");
        message.setBody(body);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
