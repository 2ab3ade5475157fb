package io.github.osbsdk.broker.testkit.iam;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Small HTTP helpers shared by the simulator's handlers. */
final class HttpIo {

    /** The one JSON mapper of the simulator. */
    static final ObjectMapper JSON = new ObjectMapper();

    /** Largest request body the simulator reads. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    private HttpIo() {
    }

    /** Thrown when a request is malformed; handlers turn it into an IAM-like 400. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final int status;
        final String errorCode;

        BadRequest(int status, String errorCode, String message) {
            super(message);
            this.status = status;
            this.errorCode = errorCode;
        }
    }

    static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > MAX_BODY_BYTES) {
                    throw new BadRequest(413, "BXNIM0413E", "Request body too large.");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** Parses {@code application/x-www-form-urlencoded} text; the first value of a name wins. */
    static Map<String, String> parseForm(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return values;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                values.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new BadRequest(400, "BXNIM0400E", "Malformed form or query encoding.");
            }
        }
        return values;
    }

    static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Sends an error body shaped like IAM's: {@code errorCode}, {@code errorMessage}, context. */
    static void sendError(HttpExchange exchange, int status, String errorCode, String message)
            throws IOException {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("requestId", UUID.randomUUID().toString());
        context.put("requestType", "incoming.Simulator");
        context.put("url", exchange.getRequestURI().getRawPath());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errorCode", errorCode);
        body.put("errorMessage", message);
        body.put("context", context);
        sendJson(exchange, status, body);
    }
}
