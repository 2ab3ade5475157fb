package io.github.osbsdk.broker.iam.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The default executor of service ID token fetches: daemon threads named
 * {@code iam-token-fetch}, so a provider never keeps a JVM alive. Not API.
 */
public final class TokenFetchThreads {
  /** The shared executor, created on first use. */
  public static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "iam-token-fetch");
    t.setDaemon(true);
    return t;
  });

  private TokenFetchThreads() {}
}
