package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.samples.hello.reference.ConsoleCapture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code java -jar hello-broker.jar} reports a start that cannot succeed. */
class HelloBrokerMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private HelloBrokerMain.Started start(Map<String, String> env) {
    return HelloBrokerMain.start(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errText() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private void assertOneLineWithoutStackTrace(String text) {
    assertThat(text.strip()).doesNotContain("\n").doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void databaseWithoutCredentialsKeyExitsWithOneLineNamingTheVariable() {
    HelloBrokerMain.Started started = start(Map.of(
        "BROKER_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/broker",
        "BROKER_DATABASE_PASSWORD", "db-secret-value", "BROKER_AUTH", "basic",
        "BROKER_PASSWORD", "broker-secret-value"));

    assertThat(started.server()).isNull();
    assertThat(started.exitStatus()).isEqualTo(HelloBrokerMain.BAD_CONFIGURATION);
    assertThat(errText()).startsWith("hello-broker: configuration refused: "
        + "BROKER_CREDENTIALS_KEY is required with BROKER_DATABASE_URL")
        .doesNotContain("db-secret-value").doesNotContain("broker-secret-value");
    assertOneLineWithoutStackTrace(errText());
    assertThat(out.size()).isZero();
  }

  @Test
  void malformedCredentialsKeyIsRefusedWithoutShowingIt() {
    HelloBrokerMain.Started started = start(Map.of("BROKER_CREDENTIALS_KEY", "not*base64*key!",
        "BROKER_AUTH", "basic", "BROKER_PASSWORD", "pw"));

    assertThat(started.exitStatus()).isEqualTo(HelloBrokerMain.BAD_CONFIGURATION);
    assertThat(errText()).contains("BROKER_CREDENTIALS_KEY is not valid base64")
        .doesNotContain("not*base64*key!");
    assertOneLineWithoutStackTrace(errText());
  }

  @Test
  void unreachableDatabaseExitsWithOneLineAndNoPassword() {
    HelloBrokerMain.Started started = start(Map.of(
        "BROKER_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/broker?connectTimeout=1",
        "BROKER_DATABASE_USER", "broker", "BROKER_DATABASE_PASSWORD", "db-secret-value",
        "BROKER_CREDENTIALS_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "BROKER_AUTH", "basic", "BROKER_PASSWORD", "pw", "PORT", "0"));

    assertThat(started.server()).isNull();
    assertThat(started.exitStatus()).isEqualTo(HelloBrokerMain.CANNOT_START);
    assertThat(errText()).startsWith("hello-broker: cannot start: ")
        .doesNotContain("db-secret-value");
    assertOneLineWithoutStackTrace(errText());
  }

  @Test
  void passwordInTheDatabaseUrlIsNotShownWhenTheStartFails() {
    // libpq style user:password@host, which PostgreSQL's JDBC driver takes for a host name
    HelloBrokerMain.Started started = start(Map.of(
        "BROKER_DATABASE_URL",
        "jdbc:postgresql://broker:db-secret-value@127.0.0.1:1/broker?connectTimeout=1",
        "BROKER_DATABASE_USER", "broker",
        "BROKER_CREDENTIALS_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "BROKER_AUTH", "basic", "BROKER_PASSWORD", "pw", "PORT", "0"));

    assertThat(started.exitStatus()).isEqualTo(HelloBrokerMain.CANNOT_START);
    assertThat(errText()).startsWith("hello-broker: cannot start: ")
        .doesNotContain("db-secret-value");
    assertOneLineWithoutStackTrace(errText());
  }

  @Test
  void takenPortExitsWithOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      HelloBrokerMain.Started started = start(Map.of("HOST", "127.0.0.1",
          "PORT", String.valueOf(taken.getLocalPort()), "BROKER_AUTH", "basic",
          "BROKER_PASSWORD", "pw"));

      assertThat(started.server()).isNull();
      assertThat(started.exitStatus()).isEqualTo(HelloBrokerMain.CANNOT_START);
      assertThat(errText()).startsWith("hello-broker: cannot start: cannot start the server on"
          + " 127.0.0.1:" + taken.getLocalPort());
      assertOneLineWithoutStackTrace(errText());
    }
  }

  /** Starts with basic auth and {@code variable=value}: exit 2 and exactly {@code refusal}. */
  private void assertRefusedExactly(String variable, String value, String refusal) {
    HelloBrokerMain.Started started = start(Map.of(variable, value,
        "BROKER_AUTH", "basic", "BROKER_PASSWORD", "pw"));

    assertThat(started.exitStatus()).isEqualTo(HelloBrokerMain.BAD_CONFIGURATION);
    assertThat(errText().strip()).isEqualTo("hello-broker: configuration refused: " + refusal);
  }

  @Test
  void emptyDatabaseUrlIsRefusedInsteadOfKeepingTheStateInMemory() {
    // a secret that was not mounted: in memory this replica would split from the others
    assertRefusedExactly("BROKER_DATABASE_URL", "", "BROKER_DATABASE_URL is set but empty:"
        + " give the JDBC URL, or unset the variable to keep the state in memory");
  }

  @Test
  void databaseMigrateOtherThanTrueOrFalseIsRefused() {
    assertRefusedExactly(StateSettings.MIGRATE_VARIABLE, "no",
        "BROKER_DATABASE_MIGRATE must be true or false, not a value of 2 characters (not shown)");
  }

  @Test
  void basicAuthWithADatabaseRequiresThePassword() {
    for (Map<String, String> password : List.of(Map.<String, String>of(),
        Map.of("BROKER_PASSWORD", ""))) {
      err.reset();
      Map<String, String> env = new java.util.HashMap<>(password);
      env.putAll(Map.of("BROKER_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/broker",
          "BROKER_DATABASE_USER", "broker",
          "BROKER_CREDENTIALS_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
          "BROKER_AUTH", "basic", "PORT", "0"));

      HelloBrokerMain.Started started = start(env);

      assertThat(started.exitStatus()).as("with %s", password.keySet())
          .isEqualTo(HelloBrokerMain.BAD_CONFIGURATION);
      assertThat(errText().strip()).isEqualTo("hello-broker: configuration refused:"
          + " BROKER_PASSWORD is required with BROKER_AUTH=basic and BROKER_DATABASE_URL:"
          + " every replica must accept the same password (one is generated only for a single"
          + " process with its state in memory)");
    }
  }

  @Test
  void databaseStartFailureNamesTheVariablesToCheckWithoutThePassword() {
    HelloBrokerMain.Started started = start(Map.of(
        "BROKER_DATABASE_URL",
        "jdbc:postgresql://127.0.0.1:1/broker?connectTimeout=1&password=url-secret-value",
        "BROKER_DATABASE_USER", "broker", "BROKER_DATABASE_PASSWORD", "db-secret-value",
        "BROKER_CREDENTIALS_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "BROKER_AUTH", "basic", "BROKER_PASSWORD", "pw", "PORT", "0"));

    assertThat(started.exitStatus()).isEqualTo(HelloBrokerMain.CANNOT_START);
    assertThat(errText().strip()).startsWith("hello-broker: cannot start: ")
        .endsWith("(check BROKER_DATABASE_URL, BROKER_DATABASE_USER and"
            + " BROKER_DATABASE_PASSWORD)")
        .doesNotContain("db-secret-value").doesNotContain("url-secret-value");
    assertOneLineWithoutStackTrace(errText());
  }

  @Test
  void nonNumericSettingIsRefusedNamingTheVariable() {
    assertRefusedExactly("BROKER_LEASE_S", "thirty",
        "BROKER_LEASE_S must be a whole number, not a value of 6 characters (not shown)");
  }

  @Test
  void leaseOutOfRangeIsRefusedNamingTheVariable() {
    assertRefusedExactly("BROKER_LEASE_S", "601",
        "BROKER_LEASE_S must be 1 to 600 seconds, not 601");
  }

  @Test
  void nonNumericPortIsRefusedNamingTheVariable() {
    HelloBrokerMain.Started started = start(Map.of("PORT", "80a", "BROKER_AUTH", "basic",
        "BROKER_PASSWORD", "pw"));

    assertThat(started.exitStatus()).isEqualTo(HelloBrokerMain.BAD_CONFIGURATION);
    assertThat(errText()).contains("PORT must be a whole number, not a value of 3 characters");
    assertOneLineWithoutStackTrace(errText());
  }

  /** Unlike the container samples, this one keeps its state in BROKER_DATABASE_URL when set. */
  @Test
  void inMemoryTheLogSaysADatabaseWouldNeedTheKey() {
    HelloBrokerMain.Started started;
    try (ConsoleCapture console = new ConsoleCapture()) {
      started = start(Map.of("HOST", "127.0.0.1", "PORT", "0", "BROKER_AUTH", "basic",
          "BROKER_PASSWORD", "pw"));
      assertThat(console.text()).contains("random key of this process")
          .contains("With BROKER_DATABASE_URL the key is required.");
    }
    assertThat(started.server()).isNotNull();
    started.server().close();
  }

  @Test
  void validConfigurationStartsAndPrintsInstructions() {
    HelloBrokerMain.Started started = start(Map.of("HOST", "127.0.0.1", "PORT", "0",
        "BROKER_AUTH", "basic", "BROKER_PASSWORD", "pw"));
    try {
      assertThat(started.server()).isNotNull();
      assertThat(started.exitStatus()).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("State: in memory");
      assertThat(err.size()).isZero();
    } finally {
      if (started.server() != null) {
        started.server().close();
      }
    }
  }

  /**
   * A password given to the broker is not in the user's shell unless exported there: the curl
   * lines must work without it, and never show it.
   */
  @Test
  void curlLinesForAGivenPasswordWorkWithoutItInTheShellAndNeverShowIt() {
    HelloBrokerMain.Started started = start(Map.of("HOST", "127.0.0.1", "PORT", "0",
        "BROKER_AUTH", "basic", "BROKER_PASSWORD", "given-Pa55word", "BROKER_METRICS", "true"));
    try {
      assertThat(started.exitStatus()).isZero();
      String text = out.toString(StandardCharsets.UTF_8);
      assertThat(text).doesNotContain("given-Pa55word").doesNotContain("$BROKER_PASSWORD");
      List<String> curls = text.lines()
          .filter(l -> l.contains("curl -u") && !l.contains("USER:PASS")).toList();
      assertThat(curls).hasSize(4).allMatch(l -> l.contains("curl -u 'broker' "));
      assertThat(text).contains("curl asks for the password: the BROKER_PASSWORD the broker"
          + " was started with");
    } finally {
      if (started.server() != null) {
        started.server().close();
      }
    }
  }

  @Test
  void curlLinesForAGeneratedPasswordCarryIt() {
    HelloBrokerMain.Started started = start(Map.of("HOST", "127.0.0.1", "PORT", "0",
        "BROKER_AUTH", "basic", "BROKER_USERNAME", "o'neil"));
    try {
      assertThat(started.exitStatus()).isZero();
      String text = out.toString(StandardCharsets.UTF_8);
      assertThat(text).doesNotContain("$BROKER_PASSWORD");
      assertThat(text.lines().filter(l -> l.contains("curl -u") && !l.contains("USER:PASS"))
          .toList()).hasSize(3)
          .allMatch(l -> l.matches(".*curl -u 'o'\\\\''neil:[A-Za-z0-9_-]{24}' .*"));
    } finally {
      if (started.server() != null) {
        started.server().close();
      }
    }
  }

  @Test
  void metricsLineOfTheInstructionsStandsOnALineOfItsOwn() {
    HelloBrokerMain.Started started = start(Map.of("HOST", "127.0.0.1", "PORT", "0",
        "BROKER_AUTH", "basic", "BROKER_PASSWORD", "pw", "BROKER_METRICS", "true"));
    try {
      assertThat(started.exitStatus()).isZero();
      List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
      assertThat(lines).contains("Walkthrough: README.md, section 'Try the sample with curl'.");
      assertThat(lines).anyMatch(l -> l.startsWith("Metrics: curl -u 'broker' "));
      assertThat(lines).doesNotContain("");
    } finally {
      if (started.server() != null) {
        started.server().close();
      }
    }
  }
}
