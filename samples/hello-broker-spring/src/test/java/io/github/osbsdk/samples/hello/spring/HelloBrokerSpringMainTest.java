package io.github.osbsdk.samples.hello.spring;

import io.github.osbsdk.samples.hello.reference.SampleMainChecks;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.IntConsumer;

/** How {@code java -jar hello-broker-spring.jar} reports a start that cannot succeed. */
class HelloBrokerSpringMainTest extends SampleMainChecks {
  @Override
  protected String sample() {
    return "hello-broker-spring";
  }

  @Override
  protected Object start(Map<String, String> env, PrintStream out, PrintStream err,
      IntConsumer exit) {
    return HelloBrokerSpringMain.start(env, out, err, exit);
  }
}
