package io.github.osbsdk.samples.hello.resteasy;

import io.github.osbsdk.samples.hello.reference.SampleMainChecks;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.IntConsumer;

/** How {@code java -jar hello-broker-resteasy.jar} reports a start that cannot succeed. */
class HelloBrokerResteasyMainTest extends SampleMainChecks {
  @Override
  protected String sample() {
    return "hello-broker-resteasy";
  }

  @Override
  protected Object start(Map<String, String> env, PrintStream out, PrintStream err,
      IntConsumer exit) {
    return HelloBrokerResteasyMain.start(env, out, err, exit);
  }
}
