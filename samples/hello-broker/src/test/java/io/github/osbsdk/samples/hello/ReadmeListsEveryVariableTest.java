package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's table of the sample's environment names every variable
 * {@code java -jar hello-broker.jar} reads, and nothing else: the variables read are those
 * {@link HelloBrokerMain#start} asks its environment for, over starts that reach every reader
 * (basic auth in memory; IAM with dashboard SSO and metrics on their own port; a database).
 */
class ReadmeListsEveryVariableTest {
  private static final Pattern NAME = Pattern.compile("`([A-Z][A-Z0-9_]+)`");

  /** An environment that remembers every variable asked of it. */
  private static final class RecordingEnvironment extends HashMap<String, String> {
    private static final long serialVersionUID = 1L;
    private final transient Set<String> asked = ConcurrentHashMap.newKeySet();

    RecordingEnvironment(Map<String, String> values) {
      super(values);
    }

    @Override
    public String get(Object key) {
      asked.add(String.valueOf(key));
      return super.get(key);
    }

    @Override
    public String getOrDefault(Object key, String fallback) {
      asked.add(String.valueOf(key));
      return super.getOrDefault(key, fallback);
    }

    @Override
    public boolean containsKey(Object key) {
      asked.add(String.valueOf(key));
      return super.containsKey(key);
    }
  }

  private static Set<String> read(List<Map<String, String>> environments) {
    Set<String> asked = new TreeSet<>();
    PrintStream discard = new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8);
    for (Map<String, String> values : environments) {
      RecordingEnvironment env = new RecordingEnvironment(values);
      HelloBrokerMain.Started started = HelloBrokerMain.start(env, discard, discard);
      if (started.server() != null) {
        started.server().close();
      }
      asked.addAll(env.asked);
    }
    return asked;
  }

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  /** The names in the first column of the table after "The sample wires all of it". */
  private static Set<String> documented() throws Exception {
    String readme = Files.readString(Path.of("../../README.md"));
    int table = readme.indexOf("| variable | meaning |",
        readme.indexOf("The sample wires all of it"));
    assertThat(table).as("the sample's environment table").isPositive();
    Set<String> names = new TreeSet<>();
    for (String row : readme.substring(table).split("\n")) {
      if (!row.startsWith("|")) {
        break;
      }
      Matcher m = NAME.matcher(row.split("\\|")[1]);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  @Test
  void theReadmeTableListsEveryVariableTheSampleReadsAndNoOther() throws Exception {
    String key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    Set<String> read = read(List.of(
        env("HOST", "127.0.0.1", "PORT", "0", "BROKER_AUTH", "basic"),
        env("HOST", "127.0.0.1", "PORT", "0", "BROKER_AUTH", "iam",
            "IAM_URL", "http://127.0.0.1:1", "BROKER_ALLOWED_IDENTITIES", "crn-broker",
            "SSO_CLIENT_ID", "id", "SSO_CLIENT_SECRET", "secret", "BROKER_API_KEY", "key",
            "PUBLIC_URL", "http://localhost:8080", "BROKER_METRICS", "true",
            "METRICS_PORT", "0"),
        env("HOST", "127.0.0.1", "PORT", "0", "BROKER_AUTH", "basic",
            "BROKER_PASSWORD", "pw", "BROKER_DATABASE_URL",
            "jdbc:postgresql://127.0.0.1:1/broker?connectTimeout=1",
            "BROKER_DATABASE_USER", "broker", "BROKER_CREDENTIALS_KEY", key)));
    read.removeIf(name -> !name.matches("[A-Z][A-Z0-9_]+"));

    assertThat(read).as("variables the sample reads").contains("PORT", "HOST",
        "BROKER_DATABASE_USER", "SSO_CLIENT_ID", "METRICS_PORT");
    assertThat(documented()).isEqualTo(read);
  }
}
