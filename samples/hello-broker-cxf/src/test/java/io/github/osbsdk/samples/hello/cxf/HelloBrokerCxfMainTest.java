package io.github.osbsdk.samples.hello.cxf;

import io.github.osbsdk.samples.hello.reference.SampleMainChecks;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.IntConsumer;

/** How {@code java -jar hello-broker-cxf.jar} reports a start that cannot succeed. */
class HelloBrokerCxfMainTest extends SampleMainChecks {
  @Override
  protected String sample() {
    return "hello-broker-cxf";
  }

  @Override
  protected Object start(Map<String, String> env, PrintStream out, PrintStream err,
      IntConsumer exit) {
    return HelloBrokerCxfMain.start(env, out, err, exit);
  }
}
