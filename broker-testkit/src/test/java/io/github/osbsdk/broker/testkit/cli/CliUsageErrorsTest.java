package io.github.osbsdk.broker.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every mistake on the command line gets one line naming it (with the flags close to a
 * mistyped one), then the synopsis, and exit code 2, before any request.
 */
class CliUsageErrorsTest {
  private static final String URL = "http://127.0.0.1:1";

  private final CliRun cli = new CliRun();

  /** Runs a command line that must be refused, and returns its error line. */
  private String refused(String... args) {
    assertThat(cli.run(args)).as(cli::err).isEqualTo(ConformanceCli.USAGE);
    assertThat(cli.out()).isEmpty();
    List<String> lines = cli.err().lines().toList();
    assertThat(lines.get(0)).startsWith("error: ");
    assertThat(lines.get(1)).as("the synopsis right after the one error line")
        .startsWith("usage: ");
    return lines.get(0);
  }

  @ParameterizedTest
  @CsvSource({
      "--urll, --url",
      "--URL, --url",
      "-url, --url",
      "--paralelism, --parallelism",
      "--user, --username",
      "--junit, --junit-xml",
      "--no-bluemx, --no-bluemix",
      "--requiresapp, --requires-app"})
  void mistypedFlagIsNamedWithTheFlagItIsCloseTo(String typed, String meant) {
    String error = refused("--url", URL, typed, "x");

    assertThat(error).startsWith("error: unknown flag " + typed + " (did you mean")
        .contains(meant);
  }

  @Test
  void mistypedFlagBeforeTheUrlIsNamedAndItsValueNeverShown() {
    String error = refused("--urll", "http://127.0.0.1:1", "--passwrd=s3cret-value");

    assertThat(error).isEqualTo("error: unknown flag --urll (did you mean --url?)");
    assertThat(cli.err()).doesNotContain("s3cret-value");
  }

  @Test
  void flagFarFromEveryFlagIsNamedAndPointsAtTheSynopsis() {
    assertThat(refused("--url", URL, "--zzzzzzzz"))
        .isEqualTo("error: unknown flag --zzzzzzzz (every flag is listed below)");
  }

  @Test
  void noFormOfAFlagThatIsOffUnlessGivenSaysSo() {
    assertThat(refused("--url", URL, "--no-concurrency"))
        .contains("--no-concurrency").contains("--concurrency has no --no- form");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--username a --password p --username b | --username is given twice",
      "--parallelism 2 --parallelism=3 | --parallelism is given twice",
      "--update --no-update | --update and --no-update are both given",
      "--no-bluemix --bluemix | --no-bluemix and --bluemix are both given",
      "--verbose -v | --verbose and -v are both given",
      "--junit-xml a.xml --junit-xml b.xml | --junit-xml is given twice",
      "--api-version 2.16 --api-version 2.17 | --api-version is given twice"})
  void flagGivenTwiceThatDoesNotAddToAListIsNamed(String flags, String message) {
    String[] args = ("--url " + URL + " " + flags).split(" ");

    assertThat(refused(args)).startsWith("error: " + message);
  }

  @Test
  void urlSkipAsyncPlanAndParametersAddUpWhenRepeated() throws Exception {
    CliOptions o = CliOptions.parse(new String[] {"--url", URL, "--url", "http://127.0.0.1:2",
        "--skip", "a", "--skip=b", "--async-plan", "p1", "--async-plan", "p2,p3",
        "--provision-parameters", "p1={}", "--provision-parameters", "p2={\"n\":1}",
        "--bind-parameters", "p1={}", "--bind-parameters", "p2={}"}, Map.of());

    assertThat(o.urls).hasSize(2);
    assertThat(o.skips).containsExactly("a", "b");
    assertThat(o.asyncPlans).containsExactly("p1", "p2", "p3");
    assertThat(o.provisionParameters).containsOnlyKeys("p1", "p2");
    assertThat(o.bindParameters).containsOnlyKeys("p1", "p2");
  }

  @Test
  void parametersOfOnePlanGivenTwiceAreNamed() {
    assertThat(refused("--url", URL, "--provision-parameters", "p1={\"a\":1}",
        "--provision-parameters", "p1={\"a\":2}"))
        .contains("--provision-parameters is given twice for plan p1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"p1={\"a\":1} {\"b\":2}", "p1={\"a\":1,\"a\":2}", "p1=null"})
  void parametersThatAreNotExactlyOneJsonObjectAreRefused(String value) {
    assertThat(refused("--url", URL, "--bind-parameters", value))
        .startsWith("error: --bind-parameters needs a JSON object");
  }

  @Test
  void asyncPlanWithoutAnyPlanIdIsRefused() {
    assertThat(refused("--url", URL, "--async-plan", " , "))
        .isEqualTo("error: --async-plan needs at least one plan id");
  }

  @Test
  void secondUrlWithoutItsFlagSaysEachUrlNeedsOne() {
    assertThat(refused("--url", URL, "http://127.0.0.1:2"))
        .isEqualTo("error: unexpected argument 'http://127.0.0.1:2': each URL needs its own"
            + " --url (--url A --url B)");
  }

  @Test
  void wordAfterAPasswordGivenWithoutQuotesIsNeverShown() {
    String error = refused("--url", URL, "--username", "u", "--password", "correct",
        "horse-battery");

    assertThat(error).contains("after the value of --password").contains("quotes");
    assertThat(cli.err()).doesNotContain("horse-battery").doesNotContain("correct");
  }

  @Test
  void urlThatDoesNotParseIsShownWithoutItsCredentials() {
    String error = refused("--url", "http://admin:pw-in-url@bad host");

    assertThat(error).startsWith("error: --url is not a URL: ");
    assertThat(cli.err()).doesNotContain("pw-in-url");
  }

  @Test
  void controlCharactersOfAnUnknownFlagDoNotBreakTheErrorLine() {
    assertThat(refused("--url", URL, "--ur\nl")).startsWith("error: unknown flag --ur?l");
  }

  @Test
  void everyFlagOfTheSynopsisIsAcceptedAndNoOtherIs() {
    Matcher m = Pattern.compile("--(?:\\[no-])?[a-z][a-z-]+").matcher(ConformanceCli.synopsis());
    java.util.Set<String> synopsis = new java.util.TreeSet<>();
    while (m.find()) {
      String flag = m.group();
      if (flag.startsWith("--[no-]")) {
        synopsis.add("--" + flag.substring(7));
        synopsis.add("--no-" + flag.substring(7));
      } else {
        synopsis.add(flag);
      }
    }
    assertThat(new java.util.TreeSet<>(KnownFlags.ALL)).isEqualTo(synopsis);
    for (String flag : synopsis) {
      Throwable t = catchThrowable(() -> CliOptions.parse(new String[] {flag + "=x"}, Map.of()));
      assertThat(t).as(flag).isInstanceOf(CliOptions.UsageException.class);
      assertThat(t.getMessage()).as(flag).doesNotContain("unknown");
    }
    assertThatCode(() -> CliOptions.parse(new String[] {"-v", "-h"}, Map.of()))
        .doesNotThrowAnyException();
  }
}
