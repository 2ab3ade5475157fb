package io.github.osbsdk.samples.hello;

/**
 * The sizes every sample container accepts in a request head, chosen for {@code last_operation}
 * polls.
 *
 * <p>A provider's operation string may have 10,000 characters (the SDK's limit, as the OSB spec
 * allows), and the platform sends it back percent-encoded in
 * {@code GET .../last_operation?operation=...}. A character of the Basic Multilingual Plane is
 * up to 3 bytes of UTF-8 and each byte 3 bytes percent-encoded, so the operation alone may take
 * 10,000 * 9 = 90,000 bytes of the request line (a character outside it is two of the 10,000
 * and 4 bytes, 6 a character); the instance id (up to 1,024 characters, 9,216 bytes encoded),
 * a binding id, {@code service_id} and {@code plan_id} come on top. Hence
 * {@link #MAX_REQUEST_HEAD}, 128 KiB, for the request line and the header section together,
 * and, within it, {@link #MAX_HEADER_FIELDS}, 8 KiB, for the header fields alone: a platform's
 * headers are small, and a larger header section is still refused with 431.
 */
public final class HttpLimits {
  /** The largest request line and header section together, in bytes (128 KiB). */
  public static final int MAX_REQUEST_HEAD = 128 * 1024;
  /** The largest header section without the request line, in bytes (8 KiB). */
  public static final int MAX_HEADER_FIELDS = 8 * 1024;

  private HttpLimits() {}
}
