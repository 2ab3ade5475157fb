package io.github.osbsdk.broker.testkit.iam;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK HTTP server behind a simulator: 127.0.0.1, random port, up to {@value #THREADS} daemon
 * threads that are started on demand and end when idle (so delayed requests do not starve the
 * other endpoints, and an idle simulator holds no threads).
 */
final class SimulatorServer {

    private static final int THREADS = 16;
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicBoolean stopped = new AtomicBoolean();

    /**
     * Binds {@code 127.0.0.1:port}; see {@link IamSimulator#start(int)}.
     *
     * @throws IllegalArgumentException when the port is not 0..65535
     * @throws UncheckedIOException when the server cannot bind
     */
    static SimulatorServer bind(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        try {
            return new SimulatorServer(port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the IAM simulator on port " + port, e);
        }
    }

    private SimulatorServer(int port) throws IOException {
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        server = HttpServer.create(new InetSocketAddress(loopback, port), 32);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 5, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "iam-simulator-" + THREAD_NUMBER.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        executor = pool;
        server.setExecutor(executor);
    }

    int port() {
        return server.getAddress().getPort();
    }

    void start(IamSimulator sim) {
        server.createContext("/", new NotFoundHandler());
        server.createContext(IamEndpoint.KEYS.path(), new KeysHandler(sim));
        server.createContext(IamEndpoint.TOKEN.path(), new TokenHandler(sim));
        server.createContext(IamEndpoint.AUTHORIZE.path(), new AuthorizeHandler(sim));
        server.createContext(IamEndpoint.DISCOVERY.path(), new DiscoveryHandler(sim));
        server.createContext(IamEndpoint.AUTHZ.path(), new AuthzHandler(sim));
        server.start();
    }

    /** Stops at once (idempotent) and interrupts handlers still running, e.g. delayed ones. */
    void stop() {
        if (stopped.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
