package io.github.osbsdk.benchmarks.state;

import com.sun.management.ThreadMXBean;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * Bytes allocated and CPU time per provision, the SDK against a bare endpoint, on one thread in
 * this process: Jersey's in-process request pipeline (no sockets, no Grizzly), the SDK mounted
 * as hello-broker mounts it ({@code registerInstances(broker.singletons())}, basic auth, the
 * in-memory registry, {@link BenchProvider}), the baseline {@link BareProvisionResource}. Both
 * take the body of {@code bench/provision.lua} with a new 36-character id each time, in
 * alternating batches, measured by the thread's allocated bytes and CPU time
 * ({@code com.sun.management.ThreadMXBean}). Allocation is close to deterministic, so it can be
 * compared between builds on a loaded machine; CPU time only as the SDK/bare ratio of one run.
 *
 * <p>Arguments: requests per batch (default 20000), rounds (default 8; the first four are
 * warm-up and left out of the summary).
 */
public final class ProvisionAllocation {
  private static final byte[] BODY = ("{\"service_id\":\"" + BenchProvider.SERVICE + "\","
      + "\"plan_id\":\"" + BenchProvider.SYNC_PLAN + "\","
      + "\"context\":{\"platform\":\"ibmcloud\",\"account_id\":\"acct-bench\","
      + "\"crn\":\"crn:v1:bluemix:public:hello-kv:us-south:a/acct-bench:bench::\"},"
      + "\"parameters\":{\"location\":\"us-south\"}}").getBytes(StandardCharsets.UTF_8);
  private static final String AUTHORIZATION = "Basic " + Base64.getEncoder()
      .encodeToString("bench:bench-secret".getBytes(StandardCharsets.UTF_8));
  private static final URI BASE = URI.create("http://127.0.0.1:18280/");
  private static final int WARM_UP_ROUNDS = 4;

  private long ids;

  private ProvisionAllocation() {}

  /**
   * Runs the measurement.
   *
   * @param args requests per batch, rounds
   * @throws Exception when a provision fails
   */
  public static void main(String[] args) throws Exception {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    new ProvisionAllocation().run(batch, rounds);
  }

  private void run(int batch, int rounds) throws Exception {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (Broker broker = Broker.builder(new BenchProvider("http://127.0.0.1:18280"))
        .authenticator(BasicAuthenticator.of("bench", "bench-secret")).build()) {
      ApplicationHandler sdk = new ApplicationHandler(new ResourceConfig()
          .registerInstances(broker.singletons())
          .property(ServerProperties.WADL_FEATURE_DISABLE, true));
      ApplicationHandler bare = new ApplicationHandler(new ResourceConfig()
          .registerInstances(new BareProvisionResource())
          .property(ServerProperties.WADL_FEATURE_DISABLE, true));
      double[] sums = new double[4]; // sdk bytes, sdk cpu, bare bytes, bare cpu
      for (int r = 0; r < rounds; r++) {
        double[] sdkRound = batch(threads, sdk, batch);
        double[] bareRound = batch(threads, bare, batch);
        System.out.printf("round %d: SDK %,.0f B %.2f us, bare %,.0f B %.2f us per request;"
            + " bytes %.3f, CPU %.3f (SDK/bare)%n", r + 1, sdkRound[0], sdkRound[1],
            bareRound[0], bareRound[1], sdkRound[0] / bareRound[0], sdkRound[1] / bareRound[1]);
        if (r >= WARM_UP_ROUNDS) {
          sums[0] += sdkRound[0];
          sums[1] += sdkRound[1];
          sums[2] += bareRound[0];
          sums[3] += bareRound[1];
        }
      }
      int n = Math.max(1, rounds - WARM_UP_ROUNDS);
      System.out.printf("mean of rounds %d-%d: SDK %,.0f B %.2f us, bare %,.0f B %.2f us per"
          + " request; bytes %.3f, CPU %.3f (SDK/bare)%n", WARM_UP_ROUNDS + 1, rounds,
          sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n, sums[0] / sums[2],
          sums[1] / sums[3]);
    }
  }

  /** @return bytes and microseconds of CPU per request over {@code n} provisions */
  private double[] batch(ThreadMXBean threads, ApplicationHandler app, int n)
      throws InterruptedException, ExecutionException {
    long bytes = threads.getCurrentThreadAllocatedBytes();
    long cpu = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < n; i++) {
      provision(app);
    }
    return new double[] {(threads.getCurrentThreadAllocatedBytes() - bytes) / (double) n,
        (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / n};
  }

  private void provision(ApplicationHandler app)
      throws InterruptedException, ExecutionException {
    String id = String.format("%036d", ++ids);
    ContainerRequest request = new ContainerRequest(BASE,
        BASE.resolve("v2/service_instances/" + id), "PUT", null, new MapPropertiesDelegate(),
        app.getConfiguration());
    request.header("Authorization", AUTHORIZATION);
    request.header("X-Broker-API-Version", "2.17");
    request.header("Content-Type", "application/json");
    request.header("Content-Length", Integer.toString(BODY.length));
    request.setEntityStream(new ByteArrayInputStream(BODY));
    int status = app.apply(request).get().getStatus();
    if (status != 201) {
      throw new IllegalStateException("provision answered " + status);
    }
  }
}
