package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what a {@code ServiceBroker} implementation answered as JSON, before anything of it is
 * recorded, and refuses what it cannot send: an answer Jackson cannot write (a cyclic map, a
 * bean whose getter throws), and one larger than the broker's {@code maxAnswerBytes}, which would
 * be stored (a binding's credentials encrypted), kept in memory and sent on every fetch. Both are
 * provider bugs, logged at ERROR as {@link ProviderAnswers}' are (once a minute per operation and
 * kind, without values: they may be credentials) and answered 500, so that a create is kept as a
 * failed create whose delete reaches the provider.
 */
final class AnswerJson {
  /** The default of {@code maxAnswerBytes}: 1 MiB. */
  static final long DEFAULT_MAX_BYTES = 1024 * 1024;
  /**
   * The description of an asynchronous operation that failed because the work delivered more than
   * {@code maxAnswerBytes} (without values: the platform shows it to its users).
   */
  static final String TOO_LARGE_FAILURE = "The binding the service broker delivered is larger"
      + " than its answer limit (maxAnswerBytes); nothing of it was recorded.";
  private static final Logger LOG = LoggerFactory.getLogger(ProviderAnswers.class);
  /** The cause of the 500 for an answer larger than {@code maxAnswerBytes} ({@link #tooLarge}). */
  private static final RequestErrorLog.LoggedAlready TOO_LARGE =
      new RequestErrorLog.LoggedAlready();

  private final RequestErrorLog errors;
  private final long maxBytes;

  /**
   * @param errors limits the ERROR lines of provider bugs
   * @param maxBytes the most bytes of JSON an answer may add
   */
  AnswerJson(RequestErrorLog errors, long maxBytes) {
    this.errors = errors;
    this.maxBytes = maxBytes;
  }

  /**
   * Writes (part of) a provider's answer: a provision's or update's metadata, a bind's 202
   * metadata, the binding a bind delivers (credentials, URLs, volume mounts, endpoints and
   * metadata together).
   *
   * @param value the answer or its part, may be null
   * @param mapper the shared mapper
   * @param method the {@code ServiceBroker} method, for the log
   * @param context the request context
   * @return the JSON bytes ({@code null} for a null value)
   * @throws ServiceBrokerException 500 (logged as a provider bug) when it cannot be written, or
   *     takes more than {@code maxAnswerBytes}
   */
  byte[] require(Object value, ObjectMapper mapper, String method, RequestContext context) {
    return value == null ? null // most answers carry no metadata: nothing to write on the hot path
        : write(value, maxBytes, 0, mapper, method, context);
  }

  /**
   * Writes a fetch's answer, refusing one whose JSON takes more than {@code maxAnswerBytes}
   * beyond what the registry recorded and handed to the provider: the recorded values (the
   * parameters the platform sent, details stored under an earlier, larger limit) are served
   * however large; what the provider adds is bounded. The bytes checked are the bytes sent,
   * written once; an answer that is the recorded one is written without a limit.
   *
   * @param answer what the provider answered
   * @param recorded what the registry recorded, as handed to the provider
   * @param sent what of such a value the answer sends: the value itself for a fetch, a bind's
   *     wire body for an identical repeat of a bind (the limit counts what is sent)
   * @param mapper the shared mapper
   * @param method the {@code ServiceBroker} method, for the log
   * @param context the request context
   * @param <T> the type of the details
   * @return the JSON of what is sent of the answer
   * @throws ServiceBrokerException 500 (logged as a provider bug) when it adds too much, or
   *     cannot be written
   */
  <T> byte[] fetched(T answer, T recorded, Function<? super T, ?> sent, ObjectMapper mapper,
      String method, RequestContext context) {
    if (answer == recorded) {
      return write(sent.apply(answer), Long.MAX_VALUE, 0, mapper, method, context);
    }
    long allowance = write(sent.apply(recorded), Long.MAX_VALUE, 0, mapper, method, context)
        .length;
    long limit = allowance > Long.MAX_VALUE - maxBytes ? Long.MAX_VALUE : maxBytes + allowance;
    return write(sent.apply(answer), limit, allowance, mapper, method, context);
  }

  /**
   * Whether a failure is the 500 for an answer larger than {@code maxAnswerBytes}.
   *
   * @param failure what a check of an answer threw
   * @return true for that 500
   */
  static boolean tooLarge(ServiceBrokerException failure) {
    return failure.getCause() == TOO_LARGE;
  }

  private byte[] write(Object value, long limit, long recorded, ObjectMapper mapper,
      String method, RequestContext context) {
    try {
      return CappedJson.write(mapper, value, limit);
    } catch (JsonProcessingException e) {
      // Jackson names the path (keys, types), not the values: no credential reaches the log
      errors.error(LOG, method + " unwritable JSON", null, "Request {}: ServiceBroker"
          + " implementation error: {} answered a value that cannot be written as JSON: {}{}",
          context.requestId(), method, LogText.quote(e.getOriginalMessage()));
      throw RequestErrorLog.loggedInternalError(context.requestId());
    } catch (CappedJson.TooLarge e) {
      // sizes only: the values may be credentials
      errors.error(LOG, method + " answer too large", null, "Request {}: ServiceBroker"
          + " implementation error: {} answered more than {} bytes of JSON{} (the limit,"
          + " Broker.Builder.maxAnswerBytes); answered 500, nothing of the answer was recorded"
          + " or sent{}", context.requestId(), method, maxBytes, recorded == 0 ? ""
          : " beyond the " + recorded + " bytes the registry recorded");
      throw RequestErrorLog.logged(500, "An internal error occurred in the service broker:"
          + " its answer is larger than the " + maxBytes + " bytes of JSON it may send."
          + " Request id: " + context.requestId() + ".", TOO_LARGE);
    }
  }
}
