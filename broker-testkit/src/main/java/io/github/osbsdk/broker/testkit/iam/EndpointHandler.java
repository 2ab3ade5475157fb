package io.github.osbsdk.broker.testkit.iam;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Common request handling: counting, exact path match, injected faults, allowed method and
 * mapping of failures to IAM-like error bodies.
 */
abstract class EndpointHandler implements HttpHandler {

    final IamSimulator sim;
    private final IamEndpoint endpoint;
    private final String method;

    EndpointHandler(IamSimulator sim, IamEndpoint endpoint, String method) {
        this.sim = sim;
        this.endpoint = endpoint;
        this.method = method;
    }

    /** Serves a request that passed the common checks. */
    abstract void serve(HttpExchange exchange) throws IOException;

    @Override
    public final void handle(HttpExchange exchange) throws IOException {
        try {
            if (!endpoint.path().equals(exchange.getRequestURI().getPath())) {
                HttpIo.sendError(exchange, 404, "BXNIM0404E", "Not found.");
                return;
            }
            sim.requests().countRequest(endpoint);
            IamFaults.Fault fault = sim.faults().take(endpoint);
            if (!fault.delay().isZero() && !sleep(fault)) {
                return;
            }
            if (fault.down()) {
                return; // closing without response headers drops the connection
            }
            if (fault.status() != 0) {
                if (fault.retryAfter() != null) {
                    exchange.getResponseHeaders().set("Retry-After", fault.retryAfter());
                }
                HttpIo.sendError(exchange, fault.status(), "BXNIM" + fault.status() + "E",
                        "Injected fault.");
                return;
            }
            if (fault.malformed()) {
                HttpIo.send(exchange, 200, "application/json",
                        "<html>this is not JSON".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!method.equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", method);
                HttpIo.sendError(exchange, 405, "BXNIM0405E", "Method not allowed.");
                return;
            }
            serve(exchange);
        } catch (HttpIo.BadRequest e) {
            HttpIo.sendError(exchange, e.status, e.errorCode, e.getMessage());
        } catch (RuntimeException e) {
            HttpIo.sendError(exchange, 500, "BXNIM0500E", "Internal simulator error.");
        } finally {
            exchange.close();
        }
    }

    private static boolean sleep(IamFaults.Fault fault) {
        try {
            // a delay too long to count in milliseconds waits as long as a sleep can
            Thread.sleep(fault.delay().compareTo(Duration.ofMillis(Long.MAX_VALUE)) > 0
                    ? Long.MAX_VALUE : fault.delay().toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
