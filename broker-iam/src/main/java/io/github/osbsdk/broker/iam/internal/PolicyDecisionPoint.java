package io.github.osbsdk.broker.iam.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.api.internal.KeyedLogLimiter;
import io.github.osbsdk.broker.api.internal.LogLimiter;
import io.github.osbsdk.broker.api.internal.LogValues;
import io.github.osbsdk.broker.iam.AuthzCheck;
import io.github.osbsdk.broker.iam.AuthzClient;
import io.github.osbsdk.broker.iam.AuthzClient.SubjectForm;
import io.github.osbsdk.broker.iam.AuthzDecision;
import io.github.osbsdk.broker.iam.IamConfig;
import io.github.osbsdk.broker.iam.IamException;
import io.github.osbsdk.broker.iam.ServiceIdTokenProvider;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One call of {@link AuthzClient} to IAM's policy decision point ({@code POST /v2/authz}): the
 * request body in the configured {@link SubjectForm}, the broker's token and a fresh
 * {@code Transaction-Id}, each check with its own {@code requestId}, and how the reply is read,
 * failing closed (see {@link AuthzClient}). It also keeps the pause IAM asked for with a 429.
 * Logs on the {@link AuthzClient} logger, each kind of failure (no call made, each status that
 * decides nothing, a refusal of the call, a reply that cannot be read, checks left undecided by a
 * pause) at most once per {@link #FAILURE_LOG_INTERVAL}, the first at once; the calls in between
 * are logged at DEBUG and counted in the next line, so an IAM outage does not log one ERROR per
 * call.
 */
public final class PolicyDecisionPoint {
  private static final Logger LOG = LoggerFactory.getLogger(AuthzClient.class);
  /** Each check is sent with {@code requestId} this prefix and its index in the batch. */
  static final String REQUEST_ID_PREFIX = "check-";
  /**
   * The statuses of one check in a reply that mean "not permitted"; of a call, 400 and 404 do,
   * 401 and 403 refuse the broker itself.
   */
  private static final Set<String> REFUSALS = Set.of("400", "401", "403",
      "404");
  /** The pause after a 429 without a readable {@code Retry-After}. */
  private static final long RETRY_PAUSE_MILLIS = 1_000;
  /** The longest {@code Retry-After} honoured. */
  private static final long MAX_RETRY_AFTER_MILLIS = 300_000;

  private final IamConfig config;
  private final IamHttp http;
  private final ServiceIdTokenProvider tokens;
  private final SubjectForm form;
  private final LongSupplier nanoTime;
  /** The least time between two lines of one kind of failure (see the class comment). */
  static final Duration FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

  /** A pause IAM asked for with a 429: no call for {@code nanos} from {@code fromNanos}. */
  private record Pause(long fromNanos, long nanos) {
    long leftNanos(long nowNanos) {
      long age = nowNanos - fromNanos;
      return age < 0 ? nanos : Math.max(0, nanos - age);
    }
  }

  /** The pause after the last 429 (IAM's Retry-After), on the monotonic clock; null before. */
  private volatile Pause pause;
  /** Checks left undecided without a call during a pause after a 429. */
  private final LogLimiter pauseWarnings;
  /** Calls that could not be made or got no answer (IAM down, no broker token). */
  private final LogLimiter callFailures;
  /**
   * Calls answered with a status that decides nothing (5xx, 429, ...), per status: IAM broken
   * (500) is another fault than the broker asking too often (429), said at once.
   */
  private final KeyedLogLimiter<Integer> statusFailures;
  /** Calls refused as a whole (400, 404). */
  private final LogLimiter callRefusals;
  /** Calls refusing the broker's own credentials (401, 403); a change of status logs at once. */
  private final LogLimiter brokerRefusals;
  private volatile int lastBrokerRefusal;
  /** Replies that cannot be read or leave checks undecided. */
  private final LogLimiter replyFailures;

  /**
   * A decision point asked over its own HTTP client.
   *
   * @param config where IAM is
   * @param tokens the broker's own token
   * @param form how subjects are sent
   * @param clock the wall clock that spaces (and dates) the log lines
   * @param nanoTime the monotonic clock the pause after a 429 is measured on
   *     ({@code System::nanoTime})
   */
  public PolicyDecisionPoint(IamConfig config, ServiceIdTokenProvider tokens, SubjectForm form,
      Clock clock, LongSupplier nanoTime) {
    this.config = config;
    this.http = new IamHttp(config);
    this.tokens = tokens;
    this.form = form;
    this.nanoTime = nanoTime;
    this.pauseWarnings = new LogLimiter(FAILURE_LOG_INTERVAL, clock);
    this.callFailures = new LogLimiter(FAILURE_LOG_INTERVAL, clock);
    this.statusFailures = new KeyedLogLimiter<>(FAILURE_LOG_INTERVAL, clock);
    this.callRefusals = new LogLimiter(FAILURE_LOG_INTERVAL, clock);
    this.brokerRefusals = new LogLimiter(FAILURE_LOG_INTERVAL, clock);
    this.replyFailures = new LogLimiter(FAILURE_LOG_INTERVAL, clock);
  }

  /**
   * How long the pause IAM asked for with a 429 still lasts.
   *
   * @return milliseconds (a part of one counts as one), 0 when calls are not paused
   */
  public long pauseLeftMillis() {
    Pause p = pause;
    long left = p == null ? 0 : p.leftNanos(nanoTime.getAsLong());
    return left == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(left - 1) + 1;
  }

  /**
   * Asks IAM about a batch.
   *
   * @param batch the checks
   * @param decided filled with what IAM decided per check; left {@link AuthzDecision#UNDECIDED}
   *     (the caller's initial value) where it did not
   * @param cacheable set to true where IAM decided (status 200 and a boolean decision)
   * @return whether IAM answered the call with 200 and one decision per check
   */
  public boolean ask(List<AuthzCheck> batch, AuthzDecision[] decided, boolean[] cacheable) {
    long pauseLeft = pauseLeftMillis();
    if (pauseLeft > 0) {
      log(pauseWarnings, Level.WARN, "IAM authz asked for a pause (429 Retry-After): checks stay"
          + " undecided without a call for {} ms more", pauseLeft);
      return false;
    }
    String transactionId = "osb-broker-" + UUID.randomUUID();
    IamHttp.Reply reply;
    String token;
    try {
      token = tokens.token();
      reply = http.postJson(config.authzUrl(), body(batch),
          "Authorization", "Bearer " + token, "Transaction-Id", transactionId);
    } catch (IamException | IOException e) {
      log(callFailures, Level.ERROR, "IAM authz call failed (Transaction-Id {}), undecided: {}",
          transactionId, LogValues.quoteMessage(e));
      return false;
    } catch (RuntimeException e) { // e.g. a header the JDK refuses: its message may hold it
      log(callFailures, Level.ERROR, "IAM authz call could not be made (Transaction-Id {}),"
          + " undecided: {}", transactionId, e.getClass().getSimpleName());
      return false;
    }
    int status = reply.status();
    if (status == 401 || status == 403) { // the broker refused, no user judged: undecided
      if (status == 401) {
        tokens.refused(token); // revoked: the next call asks with a new one
      }
      String why = status == 401
          ? "its service ID token is revoked or expired; a new one is fetched"
          : "its service ID may not call authz: check its IAM access policies";
      if (lastBrokerRefusal != status) { // 401 -> 403 is another fault: said at once
        lastBrokerRefusal = status;
        brokerRefusals.reset();
      }
      log(brokerRefusals, Level.ERROR, "IAM authz answered {} (Transaction-Id {}): the broker's own"
          + " credentials were refused ({}), every check undecided", status, transactionId, why);
      return false;
    }
    if (REFUSALS.contains(Integer.toString(status))) {
      log(callRefusals, Level.WARN, "IAM authz answered {} (Transaction-Id {}), not permitted",
          status, transactionId);
      Arrays.fill(decided, AuthzDecision.DENIED);
      return false;
    }
    if (status == 429) { // too many calls: none until IAM's Retry-After, every check undecided
      long pauseMillis = reply.retryAfterSeconds() >= 0
          ? Math.min(reply.retryAfterSeconds() * 1000, MAX_RETRY_AFTER_MILLIS)
          : RETRY_PAUSE_MILLIS;
      pause = new Pause(nanoTime.getAsLong(), TimeUnit.MILLISECONDS.toNanos(pauseMillis));
      pauseWarnings.reset(); // the first check left undecided by this pause warns
      log(statusFailures.of(status), Level.ERROR, "IAM authz answered 429 (Transaction-Id {}),"
          + " undecided; no call for {} ms", transactionId, pauseMillis);
      return false;
    }
    if (status != 200) {
      log(statusFailures.of(status), Level.ERROR, "IAM authz answered {} (Transaction-Id {}),"
          + " undecided", status, transactionId);
      return false;
    }
    JsonNode[] answers;
    try {
      answers = answersByCheck(reply.json().path("responses"), batch.size(), transactionId);
    } catch (IOException e) {
      log(replyFailures, Level.ERROR, "IAM authz reply is not JSON (Transaction-Id {}),"
          + " undecided", transactionId);
      return false;
    }
    if (answers == null) {
      return false;
    }
    int undecided = 0;
    for (int i = 0; i < batch.size(); i++) {
      JsonNode r = answers[i];
      JsonNode permitted = r.path("authorizationDecision").path("permitted");
      // a check IAM could not decide (its own status, no decision) is not cached; its own
      // 400/401/403/404 is a refusal (denied), any other status leaves it undecided
      String checkStatus = r.path("status").asText();
      cacheable[i] = "200".equals(checkStatus) && permitted.isBoolean();
      if (cacheable[i]) {
        decided[i] = permitted.booleanValue() ? AuthzDecision.PERMITTED : AuthzDecision.DENIED;
      } else if (REFUSALS.contains(checkStatus)) {
        decided[i] = AuthzDecision.DENIED;
      } else {
        undecided++;
      }
    }
    if (undecided > 0) {
      log(replyFailures, Level.ERROR, "IAM authz decided {} of {} checks (Transaction-Id {}), the"
          + " others undecided", batch.size() - undecided, batch.size(), transactionId);
    }
    return true;
  }

  /**
   * Puts IAM's answers in the order of the checks: by {@code requestId} when IAM echoes the ids
   * sent (every answer must then carry a distinct one of them), else by position.
   *
   * @return one answer per check, or null (logged) when the reply cannot be matched to them
   */
  private JsonNode[] answersByCheck(JsonNode responses, int checks, String transactionId) {
    if (!responses.isArray() || responses.size() != checks) {
      log(replyFailures, Level.ERROR, "IAM authz reply has {} decisions for {} checks"
          + " (Transaction-Id {}), undecided", responses.isArray() ? responses.size() : 0, checks,
          transactionId);
      return null;
    }
    int withId = 0;
    for (JsonNode r : responses) {
      withId += r.hasNonNull("requestId") ? 1 : 0;
    }
    JsonNode[] answers = new JsonNode[checks];
    if (withId == 0) { // IAM did not echo the ids: its answers are in the order asked
      for (int i = 0; i < checks; i++) {
        answers[i] = responses.get(i);
      }
      return answers;
    }
    for (JsonNode r : responses) {
      JsonNode id = r.path("requestId");
      int i = id.isTextual() ? checkIndex(id.asText(), checks) : -1;
      if (i < 0 || answers[i] != null) {
        log(replyFailures, Level.ERROR, "IAM authz reply's requestIds do not match the {}"
            + " checks asked (missing, unknown or repeated; Transaction-Id {}), undecided", checks,
            transactionId);
        return null;
      }
      answers[i] = r;
    }
    return answers;
  }

  private static void log(LogLimiter limiter, Level level, String format, Object... args) {
    LimitedLog.log(LOG, limiter, level, format, args);
  }

  /** @return the check a {@code requestId} this class sent names, or -1 */
  private static int checkIndex(String requestId, int checks) {
    if (!requestId.startsWith(REQUEST_ID_PREFIX)) {
      return -1;
    }
    String digits = requestId.substring(REQUEST_ID_PREFIX.length());
    if (digits.isEmpty() || digits.length() > 3 || (digits.length() > 1 && digits.startsWith("0"))
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    int i = Integer.parseInt(digits);
    return i < checks ? i : -1;
  }

  private List<Map<String, Object>> body(List<AuthzCheck> batch) {
    List<Map<String, Object>> body = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      AuthzCheck c = batch.get(i);
      Map<String, Object> subject;
      if (form == SubjectForm.ACCESS_TOKEN_BODY && c.subject().accessToken() != null) {
        subject = Map.of("accessTokenBody", c.subject().accessToken());
      } else {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("id", c.subject().id());
        String scope = c.subject().scope();
        attributes.put("scope",
            scope == null || scope.isBlank() ? AuthzClient.DEFAULT_SCOPE : scope);
        subject = Map.of("attributes", attributes);
      }
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("requestId", REQUEST_ID_PREFIX + i);
      check.put("subject", subject);
      check.put("action", c.action());
      check.put("resource", Map.of("crn", c.resourceCrn()));
      body.add(check);
    }
    return body;
  }
}
