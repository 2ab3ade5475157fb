package io.github.osbsdk.broker.iam.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.iam.IamConfig;
import io.github.osbsdk.broker.iam.IamException;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * IAM's OpenID discovery document (authorize and token endpoints), cached for an hour of elapsed
 * time (on the monotonic clock: a step of the wall clock neither expires it nor keeps it). When a
 * refresh fails the last document is kept and asked for again a minute later, so an IAM outage
 * does not make every dashboard request wait for a timeout. One fetch runs at a time: while an
 * expired document is being refreshed, other callers get the last one at once; callers that find
 * no document at all wait for the fetch running and share its outcome. An endpoint that is not
 * https (plain http only on a loopback host) makes the document unusable: the client secret and
 * users' codes would travel to it in clear.
 */
public final class Discovery {
  static final long TTL_NANOS = TimeUnit.HOURS.toNanos(1);
  /** How long a document whose refresh failed is served before IAM is asked again. */
  static final long RETRY_NANOS = TimeUnit.MINUTES.toNanos(1);

  /**
   * @param authorizationEndpoint the browser-facing authorize URL
   * @param tokenEndpoint the code exchange URL
   */
  public record Endpoints(URI authorizationEndpoint, URI tokenEndpoint) {
  }

  private record Cached(Endpoints endpoints, long fetchedAtNanos) {
  }

  private final IamConfig config;
  private final IamHttp http;
  private final LongSupplier nanoTime;
  private final ReentrantLock fetching = new ReentrantLock();
  private volatile Cached cached;
  /** The failure of the last fetch made while no document was cached; guarded by fetching. */
  private IamException firstFetchFailure;
  /** Counts finished fetches, so a caller that waited knows whether one ended meanwhile. */
  private final AtomicLong fetches = new AtomicLong();

  /**
   * @param config the configuration
   * @param nanoTime the monotonic clock the document ages on ({@code System::nanoTime})
   */
  public Discovery(IamConfig config, LongSupplier nanoTime) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.http = new IamHttp(config);
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime == null");
  }

  /**
   * @return the endpoints
   * @throws IamException when never fetched and IAM is unreachable
   */
  public Endpoints endpoints() {
    Cached c = cached;
    if (c != null && nanoTime.getAsLong() - c.fetchedAtNanos < TTL_NANOS) {
      return c.endpoints;
    }
    if (c != null) {
      if (!fetching.tryLock()) { // another caller refreshes: the last document meanwhile
        return c.endpoints;
      }
    } else {
      long seen = fetches.get();
      fetching.lock();
      if (cached == null && fetches.get() != seen && firstFetchFailure != null) {
        IamException failed = firstFetchFailure; // the fetch this caller waited for failed
        fetching.unlock();
        throw new IamException(failed.getMessage(), failed);
      }
    }
    try {
      return refresh();
    } finally {
      fetching.unlock();
    }
  }

  /** Fetches unless another caller did meanwhile; called holding {@link #fetching}. */
  private Endpoints refresh() {
    Cached c = cached;
    long now = nanoTime.getAsLong();
    if (c != null && now - c.fetchedAtNanos < TTL_NANOS) {
      return c.endpoints;
    }
    try {
      Endpoints e = fetch();
      cached = new Cached(e, now);
      firstFetchFailure = null;
      return e;
    } catch (IamException e) {
      if (c != null) { // keep serving the last known document, and ask again later
        cached = new Cached(c.endpoints, now - TTL_NANOS + RETRY_NANOS);
        return c.endpoints;
      }
      firstFetchFailure = e;
      throw e;
    } finally {
      fetches.incrementAndGet();
    }
  }

  private Endpoints fetch() {
    try {
      IamHttp.Reply reply = http.get(config.discoveryUrl());
      if (reply.status() != 200) {
        throw new IamException("IAM discovery answered " + reply.status(), null);
      }
      JsonNode json = reply.json();
      return new Endpoints(url(json, "authorization_endpoint"), url(json, "token_endpoint"));
    } catch (IOException e) {
      throw new IamException("IAM discovery unreachable or unreadable", e);
    }
  }

  private static URI url(JsonNode json, String field) {
    String s = json.path(field).asText("");
    try {
      URI u = URI.create(s);
      if (u.isAbsolute() && ("https".equals(u.getScheme()) || "http".equals(u.getScheme()))
          && u.getHost() != null) {
        return WebUrls.requireHttpsOrLoopback(u, "IAM discovery's " + field);
      }
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("IAM discovery's")) {
        throw new IamException(e.getMessage(), null); // the client secret would travel to it
      }
    }
    throw new IamException("IAM discovery has no usable " + field, null);
  }
}
