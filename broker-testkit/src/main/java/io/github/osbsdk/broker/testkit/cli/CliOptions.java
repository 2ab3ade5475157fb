package io.github.osbsdk.broker.testkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.internal.client.Replicas;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsed command line of {@link ConformanceCli}. */
final class CliOptions {
  final List<URI> urls = new ArrayList<>();
  String username;
  String password;
  String bearer;
  URI iamUrl;
  String apiKey;
  Integer iamSimulatorPort;
  String iamIdentity;
  String apiVersion = "2.17";
  final List<String> skips = new ArrayList<>();
  Path junitXml;
  int parallelism = 8;
  int asyncTimeoutSeconds = 60;
  int requestTimeoutSeconds = 10;
  boolean bluemix = true;
  boolean concurrency;
  boolean requiresApp;
  Boolean update;
  Boolean instancesRetrievable;
  Boolean bindingsRetrievable;
  Boolean bindings;
  Boolean dashboardUrl;
  Boolean rotation;
  Boolean bindingCredentials;
  final List<String> asyncPlans = new ArrayList<>();
  final Map<String, Map<String, Object>> provisionParameters = new LinkedHashMap<>();
  final Map<String, Map<String, Object>> bindParameters = new LinkedHashMap<>();
  boolean verbose;
  boolean help;

  /** A command line that cannot be run; exit code 2. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static CliOptions parse(String[] args, java.util.Map<String, String> env)
      throws UsageException {
    CliOptions o = new CliOptions();
    Cursor c = new Cursor(args);
    Map<String, String> given = new java.util.HashMap<>();
    String lastFlag = null;
    for (; c.i < args.length; c.i++) {
      String a = c.option();
      String setting = KnownFlags.setting(a);
      if (setting == null) {
        throw new UsageException(KnownFlags.unknown(a, lastFlag));
      }
      lastFlag = a;
      String first = given.putIfAbsent(setting, a);
      if (first != null && !KnownFlags.repeatable(setting)) {
        throw new UsageException(KnownFlags.givenTwice(first, a));
      }
      switch (a) {
        case "--url" -> o.urls.add(uri(a, c.value(a)));
        case "--username" -> o.username = c.value(a);
        case "--password" -> o.password = c.value(a);
        case "--bearer" -> o.bearer = c.value(a);
        case "--iam-url" -> o.iamUrl = uri(a, c.value(a));
        case "--api-key" -> o.apiKey = c.value(a);
        case "--iam-simulator" -> o.iamSimulatorPort = port(a, c.value(a));
        case "--iam-identity" -> o.iamIdentity = c.value(a);
        case "--api-version" -> o.apiVersion = version(c.value(a));
        case "--junit-xml" -> o.junitXml = reportFile(a, c.value(a));
        case "--parallelism" -> o.parallelism = bounded(a, c.value(a),
            ConformanceSuite.Builder.MAX_PARALLELISM, "number of checks at once");
        case "--async-timeout" -> o.asyncTimeoutSeconds = asyncTimeout(a, c.value(a));
        case "--request-timeout" -> o.requestTimeoutSeconds = bounded(a, c.value(a),
            (int) ConformanceSuite.Builder.MAX_REQUEST_TIMEOUT.toSeconds(), "number of seconds");
        case "--no-bluemix" -> o.bluemix = false;
        case "--bluemix" -> o.bluemix = true;
        case "--concurrency" -> o.concurrency = true;
        case "--requires-app" -> o.requiresApp = true;
        case "--update" -> o.update = true;
        case "--no-update" -> o.update = false;
        case "--instances-retrievable" -> o.instancesRetrievable = true;
        case "--no-instances-retrievable" -> o.instancesRetrievable = false;
        case "--bindings-retrievable" -> o.bindingsRetrievable = true;
        case "--no-bindings-retrievable" -> o.bindingsRetrievable = false;
        case "--bindings" -> o.bindings = true;
        case "--no-bindings" -> o.bindings = false;
        case "--dashboard-url" -> o.dashboardUrl = true;
        case "--no-dashboard-url" -> o.dashboardUrl = false;
        case "--rotation" -> o.rotation = true;
        case "--no-rotation" -> o.rotation = false;
        case "--binding-credentials" -> o.bindingCredentials = true;
        case "--no-binding-credentials" -> o.bindingCredentials = false;
        case "--async-plan" -> asyncPlans(a, c.value(a), o.asyncPlans);
        case "--provision-parameters" -> parameters(a, c.value(a),
            o.provisionParameters);
        case "--bind-parameters" -> parameters(a, c.value(a), o.bindParameters);
        case "--verbose", "-v" -> o.verbose = true;
        case "--help", "-h" -> o.help = true;
        case "--skip" -> {
          int before = o.skips.size();
          List<String> names = new ArrayList<>();
          if (c.inline != null) {
            names.add(c.value(a));
          } else {
            while (c.i + 1 < args.length && !args[c.i + 1].startsWith("--")) {
              names.add(args[++c.i]);
            }
          }
          for (String name : names) {
            for (String s : name.split(",")) {
              if (!s.isBlank()) {
                o.skips.add(s.trim());
              }
            }
          }
          if (o.skips.size() == before) {
            throw new UsageException("--skip needs at least one rule id or check name");
          }
        }
        default -> throw new IllegalStateException("a known flag without a case: " + a);
      }
      c.noValueLeft(a);
    }
    if (o.help) {
      return o;
    }
    // secrets may come from the environment instead of the (visible) command line
    if (o.username != null && o.password == null) {
      o.password = env.get("OSB_PASSWORD");
    }
    if (o.iamUrl != null && o.apiKey == null) {
      o.apiKey = env.get("OSB_API_KEY");
    }
    if (o.urls.isEmpty()) {
      throw new UsageException("--url is required");
    }
    try {
      Replicas.requireDistinct(o.urls);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--url: " + e.getMessage());
    }
    int schemes = (o.username != null || o.password != null ? 1 : 0) + (o.bearer != null ? 1 : 0)
        + (o.iamUrl != null || o.apiKey != null ? 1 : 0)
        + (o.iamSimulatorPort != null || o.iamIdentity != null ? 1 : 0);
    if (schemes > 1) {
      throw new UsageException("choose one of --username/--password, --bearer,"
          + " --iam-url/--api-key, --iam-simulator/--iam-identity");
    }
    if ((o.iamSimulatorPort == null) != (o.iamIdentity == null)) {
      throw new UsageException("--iam-simulator and --iam-identity go together");
    }
    if ((o.username == null) != (o.password == null)) {
      throw new UsageException("--username and --password go together (the password may"
          + " come from OSB_PASSWORD instead)");
    }
    if ((o.iamUrl == null) != (o.apiKey == null)) {
      throw new UsageException("--iam-url and --api-key go together (the key may come from"
          + " OSB_API_KEY instead)");
    }
    return o;
  }

  /**
   * Walks the command line. An option takes its value from the next argument, or from after the
   * first {@code =} in {@code --option=value}; only the second form takes a value that starts
   * with {@code --} (e.g. {@code --password=--secret--}).
   */
  private static final class Cursor {
    private final String[] args;
    int i;
    /** The value given as {@code --option=value}, until an option takes it. */
    String inline;

    Cursor(String[] args) {
      this.args = args;
    }

    /** The option at the cursor, its {@code =value} kept in {@link #inline}. */
    String option() {
      String a = args[i];
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 2) {
        inline = a.substring(eq + 1);
        return a.substring(0, eq);
      }
      inline = null;
      return a;
    }

    String value(String option) throws UsageException {
      if (inline != null) {
        String v = inline;
        inline = null;
        return v;
      }
      if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
        throw new UsageException(option + " needs a value (one that starts with -- goes as "
            + option + "=VALUE)");
      }
      return args[++i];
    }

    /** Refuses {@code --flag=value} for an option that takes no value. */
    void noValueLeft(String option) throws UsageException {
      if (inline != null) {
        throw new UsageException(option + " takes no value");
      }
    }
  }

  /**
   * A report file that can plausibly be written, checked before the run rather than after it: not
   * a folder, and no part of its parent path an existing file. (Permissions are found out when
   * it is written; the run then ends with {@code REPORT_NOT_WRITTEN}.)
   */
  private static Path reportFile(String option, String value) throws UsageException {
    Path file;
    try {
      file = Path.of(value).toAbsolutePath();
    } catch (java.nio.file.InvalidPathException e) {
      throw new UsageException(option + " is not a file name: " + value);
    }
    if (java.nio.file.Files.isDirectory(file)) {
      throw new UsageException(option + " is a folder, not a file: " + value);
    }
    for (Path p = file.getParent(); p != null; p = p.getParent()) {
      if (java.nio.file.Files.exists(p) && !java.nio.file.Files.isDirectory(p)) {
        throw new UsageException(option + " cannot be written: " + p + " is not a folder");
      }
    }
    return file;
  }

  private static URI uri(String option, String value) throws UsageException {
    try {
      // never echo a value with user information: it holds a password, which the kit would
      // print in every report
      return Replicas.checkUrl(option, new URI(value),
          "use --username with --password or OSB_PASSWORD");
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    } catch (java.net.URISyntaxException e) {
      // masked: a value that does not parse may still carry user:password@
      throw new UsageException(option + " is not a URL: "
          + io.github.osbsdk.broker.api.internal.UrlSecrets.maskUrl(value));
    }
  }

  /** Strict: nothing after the object, no key twice (else the last would silently win). */
  private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper
      .builder()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private static void parameters(String option, String value,
      Map<String, Map<String, Object>> into) throws UsageException {
    int eq = value.indexOf('=');
    if (eq <= 0) {
      throw new UsageException(option + " takes PLAN_ID=JSON_OBJECT: " + value);
    }
    String plan = value.substring(0, eq);
    if (into.containsKey(plan)) {
      throw new UsageException(option + " is given twice for plan " + plan
          + ": give each plan's parameters once");
    }
    try {
      Map<String, Object> parsed = JSON.readValue(value.substring(eq + 1),
          new TypeReference<Map<String, Object>>() {});
      if (parsed == null) {
        throw new UsageException(option + " needs a JSON object after '=', not null");
      }
      into.put(plan, parsed);
    } catch (JsonProcessingException e) {
      throw new UsageException(option + " needs a JSON object after '=': "
          + e.getOriginalMessage());
    }
  }

  private static void asyncPlans(String option, String value, List<String> into)
      throws UsageException {
    int before = into.size();
    for (String id : value.split(",")) {
      if (!id.isBlank()) {
        into.add(id.trim());
      }
    }
    if (into.size() == before) {
      throw new UsageException(option + " needs at least one plan id");
    }
  }

  private static String version(String value) throws UsageException {
    if (!value.matches("\\d+\\.\\d+")) {
      throw new UsageException("--api-version must be MAJOR.MINOR: " + value);
    }
    return value;
  }

  private static int port(String option, String value) throws UsageException {
    return bounded(option, value, 65535, "TCP port");
  }

  private static int asyncTimeout(String option, String value) throws UsageException {
    long max = ConformanceSuite.Builder.MAX_ASYNC_TIMEOUT.toSeconds();
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(option + " must be a number of seconds from 1 to " + max
        + " (" + ConformanceSuite.Builder.MAX_ASYNC_TIMEOUT.toHours() + " hours): " + value);
  }

  private static int bounded(String option, String value, int max, String what)
      throws UsageException {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(option + " must be a " + what + " from 1 to " + max + ": " + value);
  }
}
