package io.github.osbsdk.broker.testkit.iam;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/** Answers 404 for every path the simulator does not serve. */
final class NotFoundHandler implements HttpHandler {

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            HttpIo.sendError(exchange, 404, "BXNIM0404E", "Not found.");
        } finally {
            exchange.close();
        }
    }
}
