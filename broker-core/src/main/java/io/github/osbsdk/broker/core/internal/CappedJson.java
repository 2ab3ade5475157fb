package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a value as JSON into at most a given number of bytes, and stops writing once it passes
 * them: a provider's 50 MB credentials map is refused after about the limit was written, not
 * copied whole first.
 */
final class CappedJson {
  private CappedJson() {}

  /**
   * @param mapper the shared mapper
   * @param value the value, not null
   * @param limit the most bytes the JSON may take
   * @return the JSON bytes
   * @throws TooLarge when the JSON takes more than {@code limit} bytes
   * @throws JsonProcessingException when Jackson cannot write the value
   */
  static byte[] write(ObjectMapper mapper, Object value, long limit)
      throws JsonProcessingException {
    CappedStream out = new CappedStream(limit);
    try {
      mapper.writeValue(out, value);
    } catch (IOException | RuntimeException e) {
      if (out.passed) { // Jackson may have wrapped the stream's refusal, or not: the flag tells
        throw new TooLarge();
      }
      if (e instanceof JsonProcessingException j) {
        throw j;
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new UncheckedIOException((IOException) e); // an in-memory stream fails no other way
    }
    return out.toByteArray();
  }

  /** JSON that takes more bytes than the limit allows. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("the JSON passes its limit", null, false, false);
    }
  }

  /** A byte buffer that refuses a write taking it past the limit. */
  private static final class CappedStream extends ByteArrayOutputStream {
    private final long limit;
    private boolean passed;

    CappedStream(long limit) {
      super(256);
      this.limit = limit;
    }

    @Override
    public void write(int b) {
      room(1);
      super.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      room(len);
      super.write(b, off, len);
    }

    private void room(int len) {
      if (passed || count + (long) len > limit) {
        passed = true;
        throw new UncheckedIOException(new IOException("more than " + limit + " bytes"));
      }
    }
  }
}
