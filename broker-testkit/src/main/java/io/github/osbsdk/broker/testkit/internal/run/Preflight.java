package io.github.osbsdk.broker.testkit.internal.run;

import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.testkit.client.OsbClient;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.internal.check.Front;
import io.github.osbsdk.broker.testkit.internal.client.IamTokenException;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

/**
 * Asks every replica for the catalog with the run's credentials before any check, so that a
 * wrong URL or wrong credentials get one clear message instead of every check failing. The
 * command line runner turns a stop into its exit code; a run of the Java API into one failed
 * {@code catalog.status} result. The first replica's answer is the catalog the checks are
 * planned from: a run asks each replica once.
 */
public final class Preflight {
  private Preflight() {}

  /** Why a run stops before any check. */
  public enum Kind {
    /** The broker answered 401 or 403 to the run's credentials. */
    CREDENTIALS_REFUSED,
    /** A broker URL, or the IAM URL of the token request, cannot be reached. */
    UNREACHABLE,
    /** A broker URL answered with something other than an OSB catalog. */
    NO_CATALOG
  }

  /**
   * Why the run stops.
   *
   * @param kind what went wrong
   * @param message one line for the user
   * @param evidence the answer, null when there is none (unreachable)
   */
  public record Stop(Kind kind, String message, OsbResponse<?> evidence) {}

  /**
   * What the replicas answered.
   *
   * @param stop why the run stops, null when every replica answered a catalog
   * @param catalog the first replica's answer, null when the run stops or the kit could not
   *     read it (the checks report that)
   */
  public record Outcome(Stop stop, OsbResponse<Catalog> catalog) {}

  /**
   * @param client the run's client; its {@link OsbClient#credentialsDescription()} says what
   *     the credentials are (empty: none)
   * @param front how the run was configured (what the hints name)
   * @return why the run stops, or the first replica's catalog
   */
  public static Outcome check(OsbClient client, Front front) {
    OsbResponse<Catalog> first = null;
    for (int i = 0; i < client.replicaCount(); i++) {
      OsbClient replica = client.onReplica(i);
      String url = replica.baseUrl().toString();
      OsbResponse<Catalog> r;
      try {
        r = replica.catalog();
      } catch (UncheckedIOException e) {
        // the broker's URL, or with an IAM API key the IAM token request before it
        String why = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && !why.contains(cause.toString())) {
          why += ": " + cause;
        }
        if (unknownHost(e)) {
          why += ": unknown host"; // the JDK says only ConnectException
        }
        return stop(new Stop(Kind.UNREACHABLE, "cannot reach the server: " + why
            + " (is it running, and is the URL right? nothing else was run)", null));
      } catch (IamTokenException e) {
        // the run's credentials are an API key that IAM would not exchange for a token
        return stop(e.keyRefused()
            ? new Stop(Kind.CREDENTIALS_REFUSED, "credentials refused: " + e.getMessage()
                + ": IAM refused the API key; check "
                + front.setting("ConformanceSuite.Builder.iamApiKey", "--api-key (OSB_API_KEY)")
                + " and the IAM URL (nothing else was run)", null)
            : new Stop(Kind.UNREACHABLE, "no IAM token: " + e.getMessage()
                + " (is the IAM URL right, and is IAM up? nothing else was run)", null));
      } catch (RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw e; // the run was stopped
        }
        continue; // an answer the kit cannot read: the checks report it
      }
      if (r.status() == 401 || r.status() == 403) {
        String given = client.credentialsDescription();
        return stop(new Stop(Kind.CREDENTIALS_REFUSED, "credentials refused: GET " + url
            + "/v2/catalog answered " + r.status() + (r.status() == 403
                ? " (known but not allowed)" : "") + " with "
            + (given.isEmpty() ? "no credentials" : given)
            + (given.isEmpty() ? "; pass " + front.setting("ConformanceSuite.Builder.basicAuth,"
                + " bearer, iamApiKey or iamSimulator",
                "--username/--password, --bearer or --iam-url/--api-key")
            : "; check them (nothing else was run)")
            + r.text("description").map(d -> " (" + d + ")").orElse(""), r));
      }
      boolean catalog = r.status() == 200 && r.isJsonObject() && r.json().path("services")
          .isArray();
      if (!catalog) {
        return stop(new Stop(Kind.NO_CATALOG, "no OSB catalog: GET " + url + "/v2/catalog"
            + (r.status() == 200 ? " answered 200 but not an OSB catalog (a JSON object with a"
                + " 'services' array)" : " answered " + r.status())
            + excerpt(r) + (r.status() == 412 ? "; does the broker take X-Broker-API-Version "
                + client.apiVersion() + " ("
                + front.setting("ConformanceSuite.Builder.apiVersion", "--api-version") + ")?"
                : "; is the URL the broker's base URL, without /v2?")
            + " (nothing else was run)", r));
      }
      if (i == 0) {
        first = r;
      }
    }
    return new Outcome(null, first);
  }

  private static Outcome stop(Stop stop) {
    return new Outcome(stop, null);
  }

  /** @return whether a failed request's host name does not resolve */
  private static boolean unknownHost(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  /** The start of a body, on one line, for a message. */
  private static String excerpt(OsbResponse<?> r) {
    String body = r.text("description").orElse(r.rawBody()).strip().replaceAll("\\s+", " ");
    if (body.isEmpty()) {
      return " with an empty body";
    }
    String type = r.header("Content-Type").map(t -> t + " ").orElse("");
    return ": " + type + "'" + (body.length() <= 120 ? body : body.substring(0, 120) + "...")
        + "'";
  }
}
