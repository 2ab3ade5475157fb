package io.github.osbsdk.benchmarks.state;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * Live heap per instance in the in-memory registry: provisions {@code N} instances (36-character
 * ids) through the SDK's whole provision path in this process (Jersey's request pipeline with
 * the SDK's filters, validation, registry claim and finish; no network), forces a full GC before
 * and after, and prints the heap growth per instance, then the largest classes of the heap
 * (from {@code jcmd GC.class_histogram}).
 *
 * <p>Arguments: the number of instances (default 200000), and {@code --histogram} to print the
 * class histogram.
 */
public final class InstanceFootprint {
  private static final String BODY = "{\"service_id\":\"" + BenchProvider.SERVICE + "\","
      + "\"plan_id\":\"" + BenchProvider.SYNC_PLAN + "\","
      + "\"context\":{\"platform\":\"ibmcloud\",\"account_id\":\"acct-bench\","
      + "\"crn\":\"crn:v1:bluemix:public:hello-kv:us-south:a/acct-bench:bench::\"},"
      + "\"parameters\":{\"location\":\"us-south\"}}";
  private static final byte[] BODY_BYTES = BODY.getBytes(StandardCharsets.UTF_8);
  private static final String AUTHORIZATION = "Basic " + Base64.getEncoder()
      .encodeToString("bench:bench-secret".getBytes(StandardCharsets.UTF_8));
  private static final URI BASE = URI.create("http://127.0.0.1:18280/");

  private InstanceFootprint() {}

  /**
   * Runs the measurement.
   *
   * @param args the number of instances, and {@code --histogram}
   * @throws Exception when a provision fails or the histogram cannot be taken
   */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    boolean histogram = args.length > 1 && args[1].equals("--histogram");
    InMemoryBrokerStore store = new InMemoryBrokerStore();
    try (Broker broker = Broker.builder(new BenchProvider("http://127.0.0.1:18280"))
        .authenticator(BasicAuthenticator.of("bench", "bench-secret")).store(store).build()) {
      ApplicationHandler app = new ApplicationHandler(
          ResourceConfig.forApplication(broker.application()));
      for (int i = 0; i < 5_000; i++) {
        provision(app, UUID.randomUUID().toString());
      }
      long before = usedAfterGc();
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        provision(app, UUID.randomUUID().toString());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long after = usedAfterGc();
      System.out.printf("instances: %d (36-character ids), provisioned in %.1f s (%.0f/s)%n", n,
          seconds, n / seconds);
      System.out.printf("heap used after full GC: before %,d B, after %,d B%n", before, after);
      System.out.printf("live heap per instance: %.0f B%n", (after - before) / (double) n);
      if (histogram) {
        printHistogram();
      }
      if (store.findInstance("none").isPresent()) {
        throw new IllegalStateException("unreachable; keeps the store reachable until here");
      }
    }
  }

  private static void provision(ApplicationHandler app, String id)
      throws InterruptedException, ExecutionException {
    ContainerRequest request = new ContainerRequest(BASE,
        BASE.resolve("v2/service_instances/" + id), "PUT", null, new MapPropertiesDelegate(),
        app.getConfiguration());
    request.header("Authorization", AUTHORIZATION);
    request.header("X-Broker-API-Version", "2.17");
    request.header("Content-Type", "application/json");
    request.header("Content-Length", Integer.toString(BODY_BYTES.length));
    InputStream body = new ByteArrayInputStream(BODY_BYTES);
    request.setEntityStream(body);
    ContainerResponse response = app.apply(request).get();
    if (response.getStatus() != 201) {
      throw new IllegalStateException("provision answered " + response.getStatus());
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used,
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static void printHistogram() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()),
        "GC.class_histogram").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    String[] lines = out.split("\n");
    System.out.println("largest classes on the heap (jcmd GC.class_histogram):");
    for (int i = 0; i < Math.min(lines.length, 22); i++) {
      System.out.println(lines[i]);
    }
  }
}
