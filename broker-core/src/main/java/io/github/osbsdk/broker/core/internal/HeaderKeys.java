package io.github.osbsdk.broker.core.internal;

import java.util.Locale;

/**
 * The request headers the SDK reads, as look-up keys in lower case. JAX-RS header maps ignore
 * case, and Jersey hashes the lower-cased name on every look-up: a name that is already lower
 * case spares it a copy per look-up. The public constants keep their usual spelling for
 * documentation and for the headers the SDK writes.
 */
final class HeaderKeys {
  static final String REQUEST_IDENTITY = key(RequestIdFilter.HEADER);
  static final String API_VERSION = key(ApiVersionFilter.HEADER);
  static final String ORIGINATING_IDENTITY = key(OriginatingIdentityFilter.HEADER);
  static final String REGION = key(OriginatingIdentityFilter.REGION);
  static final String TRANSACTION_ID = key(OriginatingIdentityFilter.TRANSACTION_ID);
  static final String AUTHORIZATION = "authorization";
  static final String CONTENT_TYPE = "content-type";
  static final String CONTENT_LENGTH = "content-length";
  static final String TRANSFER_ENCODING = "transfer-encoding";

  private HeaderKeys() {}

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
