package io.github.osbsdk.broker.testkit.internal.client;

import io.github.osbsdk.broker.api.internal.UrlSecrets;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The base URLs of one broker's replicas, handed out round robin: each request goes to the next
 * replica, so state one replica keeps to itself shows up as a failure. One URL is the common case.
 */
public final class Replicas {
  private final List<String> urls;
  private final AtomicInteger next;

  private Replicas(List<String> urls, AtomicInteger next) {
    this.urls = List.copyOf(urls);
    this.next = next;
  }

  /**
   * Checks a URL the kit is given to call: absolute {@code http} or {@code https} with a host, and
   * without {@code user:password@} (the kit never sends it, and would print it in every report).
   * The message never quotes a URL that carries user information, and quotes others with their
   * query and fragment values masked ({@link UrlSecrets}): a token may ride in them.
   *
   * @param what what the URL is, for the message (e.g. {@code "url"})
   * @param url the URL
   * @return the URL
   * @throws IllegalArgumentException when the URL is not usable
   */
  public static URI checkUrl(String what, URI url) {
    return checkUrl(what, url, "give the credentials with basicAuth or iamApiKey");
  }

  /**
   * As {@link #checkUrl(String, URI)}, with the caller's advice on where credentials go.
   *
   * @param what what the URL is, for the message
   * @param url the URL
   * @param credentialsAdvice ends the message about {@code user:password@}
   * @return the URL
   * @throws IllegalArgumentException when the URL is not usable
   */
  public static URI checkUrl(String what, URI url, String credentialsAdvice) {
    Objects.requireNonNull(url, what + " == null");
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(what + " must not carry user:password@ (the kit does"
          + " not send it); " + credentialsAdvice);
    }
    if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
        || url.getHost() == null) {
      throw new IllegalArgumentException(what + " must be an absolute http(s) URL with a host: "
          + UrlSecrets.maskUrl(url.toString()));
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      // the kit appends paths such as /v2/catalog: after a query or fragment they would be lost
      throw new IllegalArgumentException(what + " must be a base URL without ?query or #fragment"
          + " (the kit appends /v2/...): " + UrlSecrets.maskUrl(url.toString()));
    }
    return url;
  }

  /**
   * Refuses a base URL given twice (up to case of scheme and host, the default port and a
   * trailing {@code /}): the {@code replicas.*} rules would compare a replica with itself and
   * pass without checking anything.
   *
   * @param urls the base URLs of the replicas
   * @throws IllegalArgumentException naming the URL given twice
   */
  public static void requireDistinct(List<URI> urls) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (URI u : urls) {
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
      int port = u.getPort() != -1 ? u.getPort() : "https".equals(scheme) ? 443 : 80;
      String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
      String key = scheme + "://" + String.valueOf(u.getHost()).toLowerCase(java.util.Locale.ROOT)
          + ":" + port + path;
      if (!seen.add(key)) {
        throw new IllegalArgumentException("the same base URL was given twice: " + u + " (the"
            + " replicas.* rules would compare a replica with itself); give each replica once");
      }
    }
  }

  /**
   * @param urls the base URLs (without {@code /v2}), at least one
   * @return the replicas, starting with the first
   */
  public static Replicas of(List<URI> urls) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("at least one base URL is needed");
    }
    List<String> list = new ArrayList<>();
    for (URI u : urls) {
      String s = checkUrl("url", u).toString();
      list.add(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }
    return new Replicas(list, new AtomicInteger());
  }

  /**
   * The base URL for the next request.
   *
   * @return the base URL for the next request
   */
  public String next() {
    return urls.size() == 1 ? urls.get(0)
        : urls.get(Math.floorMod(next.getAndIncrement(), urls.size()));
  }

  /**
   * The first base URL.
   *
   * @return the first base URL
   */
  public String first() {
    return urls.get(0);
  }

  /**
   * How many replicas there are.
   *
   * @return how many replicas there are
   */
  public int size() {
    return urls.size();
  }

  /**
   * @param index a replica, 0-based; taken modulo {@link #size()}
   * @return replicas consisting of that one only
   */
  public Replicas pinned(int index) {
    return new Replicas(List.of(urls.get(Math.floorMod(index, urls.size()))),
        new AtomicInteger());
  }
}
