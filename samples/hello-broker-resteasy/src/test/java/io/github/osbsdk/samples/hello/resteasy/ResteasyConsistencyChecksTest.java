package io.github.osbsdk.samples.hello.resteasy;

import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.reference.ContainerConsistencyChecks;
import io.github.osbsdk.samples.hello.reference.ContainerReferenceChecks;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cross-container consistency checks against hello-kv on RESTEasy + Undertow. */
class ResteasyConsistencyChecksTest extends ContainerConsistencyChecks {
  private static HelloResteasyServer server;

  @BeforeAll
  static void start() {
    server = HelloResteasyServer.start(HelloConfig.local(ContainerReferenceChecks.USER,
        ContainerReferenceChecks.PASSWORD, Duration.ofMillis(200)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Override
  protected URI baseUri() {
    return server.baseUri();
  }

  // Not run on Undertow (see ContainerConsistencyChecks and this sample's README, "Known
  // container behaviour"): its own parser decides before anything of the sample runs.

  /** Not a test here: Undertow's parser reads "Name : value" as "Name" with ": value". */
  @Override
  protected void whitespaceBetweenAHeaderNameAndItsColonGets400WithAnOsbErrorBody() {
    // removed for this container, see above
  }

  /** Not a test here: Undertow's parser skips a header line without a colon. */
  @Override
  protected void headerLineWithoutAColonGets400WithAnOsbErrorBody() {
    // removed for this container, see above
  }

  /** Not a test here: Undertow's chunked decoder closes the connection on a bad chunk size. */
  @Override
  protected void malformedChunkSizeGets400WithAnOsbErrorBody() {
    // removed for this container, see above
  }
}
