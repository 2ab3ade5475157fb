package io.github.osbsdk.samples.hello;

import java.util.Objects;

/**
 * A value of the key-value store with the media type it was stored with.
 *
 * @param bytes the value (not copied: the store never hands it out for writing)
 * @param mediaType the {@code Content-Type} of the PUT
 */
public record StoredValue(byte[] bytes, String mediaType) {
  /** Validates. */
  public StoredValue {
    Objects.requireNonNull(bytes, "bytes == null");
    Objects.requireNonNull(mediaType, "mediaType == null");
  }
}
