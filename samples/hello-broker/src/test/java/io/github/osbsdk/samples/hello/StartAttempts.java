package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts {@code java -jar hello-broker.jar} in-process ({@link HelloBrokerMain#start}) on test
 * settings, as the refusal tests do: 127.0.0.1, a free port, basic auth with a password, plus
 * the pairs a test adds. A server that starts is closed at once. What the attempts print is
 * kept, all of it ({@link #out()}, {@link #err()}) and the last attempt's alone
 * ({@link #lastOut()}, {@link #lastErr()}), so a test can check one refusal after another and
 * still check that no attempt showed a secret.
 */
final class StartAttempts {
  /** What every refusal line starts with. */
  static final String REFUSED = "hello-broker: configuration refused: ";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private int outMark;
  private int errMark;

  /**
   * Starts the sample on the test settings with {@code pairs} added (or replacing them).
   *
   * @param pairs variable, value, variable, value, ...
   * @return how the start ended; a server that started is closed already
   */
  HelloBrokerMain.Started start(String... pairs) {
    Map<String, String> env = new HashMap<>(Map.of("HOST", "127.0.0.1", "PORT", "0",
        "BROKER_AUTH", "basic", "BROKER_PASSWORD", "pw"));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    outMark = out.size();
    errMark = err.size();
    HelloBrokerMain.Started started = HelloBrokerMain.start(env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    if (started.server() != null) {
      started.server().close();
    }
    return started;
  }

  /**
   * Asserts that the last attempt was refused as a setting the sample refuses is: no server,
   * exit status 2, one line on standard error starting with {@link #REFUSED} and
   * {@code messageStart}, no stack trace.
   *
   * @param started the attempt's outcome
   * @param messageStart how the message starts, e.g. the variable's name
   */
  void assertRefused(HelloBrokerMain.Started started, String messageStart) {
    String text = lastErr();
    assertThat(started.server()).isNull();
    assertThat(started.exitStatus()).as(text).isEqualTo(HelloBrokerMain.BAD_CONFIGURATION);
    assertThat(text).startsWith(REFUSED + messageStart);
    assertThat(text.strip()).doesNotContain("\n").doesNotContain("\tat ");
  }

  /**
   * Asserts that the last attempt was refused ({@link #assertRefused} with any message) and
   * returns the message.
   *
   * @param started the attempt's outcome
   * @return the refusal's message, after {@link #REFUSED}
   */
  String refusal(HelloBrokerMain.Started started) {
    assertRefused(started, "");
    return lastErr().strip().substring(REFUSED.length());
  }

  /**
   * Everything the attempts so far printed on standard output.
   *
   * @return the text
   */
  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Everything the attempts so far printed on standard error.
   *
   * @return the text
   */
  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /**
   * What the last attempt printed on standard output.
   *
   * @return the text
   */
  String lastOut() {
    return since(out, outMark);
  }

  /**
   * What the last attempt printed on standard error.
   *
   * @return the text
   */
  String lastErr() {
    return since(err, errMark);
  }

  private static String since(ByteArrayOutputStream bytes, int mark) {
    byte[] all = bytes.toByteArray();
    return new String(all, mark, all.length - mark, StandardCharsets.UTF_8);
  }
}
