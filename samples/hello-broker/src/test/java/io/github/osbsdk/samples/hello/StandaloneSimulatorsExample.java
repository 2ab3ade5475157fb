package io.github.osbsdk.samples.hello;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;

/**
 * The README's IAM and metering simulators started as a process of their own (for the sample's
 * {@code IAM_URL} and {@code METERING_URL}), compiled (checked by {@link ReadmeSnippetsTest}).
 */
final class StandaloneSimulatorsExample {
  private StandaloneSimulatorsExample() {}

  // tag::standalone-simulators[]
  public static void main(String[] args) throws IOException {
    IamSimulator iam = IamSimulator.start(28472); // IAM_URL=http://127.0.0.1:28472
    iam.registerApiKey("platform-key", "iam-ServiceId-platform"); // the platform's identity
    iam.registerApiKey("broker-key", "iam-ServiceId-broker"); // the broker's service ID
    iam.registerClient("sso-client", "sso-secret",
        URI.create("http://localhost:8080/dashboard/callback")); // {PUBLIC_URL}/dashboard/callback
    iam.loginAs("IBMid-me", "acct1"); // whom /identity/authorize signs in, without a password
    iam.permit("IBMid-me", "hello-kv.dashboard.view", "*");
    String port = System.getenv("METERING_PORT"); // unset: a free port, new at each start
    MeteringSimulator metering = MeteringSimulator.start(
        port == null ? 0 : Integer.parseInt(port), iam); // takes only tokens of iam
    metering.declarePlan("6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f64", "API_CALL");
    System.out.println("METERING_URL=" + metering.baseUrl());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.equals("down")) { // an outage: 503 to every request until "up"
        metering.faults().failNext(Integer.MAX_VALUE, 503);
      } else if (line.equals("up")) {
        metering.faults().reset();
      }
      metering.acceptedRecords().forEach(System.out::println); // what IBM would bill
      System.out.println(metering.duplicateCount() + " duplicates (409), "
          + metering.batches().size() + " requests");
    }
  }
  // end::standalone-simulators[]
}
