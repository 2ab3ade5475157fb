package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads and writes the SDK's own types (packages {@code io.github.osbsdk.broker.*}) as JSON with
 * the SDK's shared {@link ObjectMapper}, so no container JSON module is needed; every other type,
 * including a host application's, is left to the container's own providers.
 */
@Produces({MediaType.APPLICATION_JSON, "application/*+json"})
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
public final class JsonProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {
  private final ObjectMapper mapper;
  private final long maxBytes;

  /**
   * @param mapper the shared mapper
   * @param maxBytes the largest body read; larger gets 413
   */
  public JsonProvider(ObjectMapper mapper, long maxBytes) {
    this.mapper = mapper;
    this.maxBytes = maxBytes;
  }

  private static boolean handled(Class<?> type, MediaType mediaType) {
    // only the SDK's own types: a host application's JSON stays with its own provider
    return isJson(mediaType) && type.getName().startsWith("io.github.osbsdk.broker.")
        && type != RequestBody.class && type != String.class && type != byte[].class
        && !InputStream.class.isAssignableFrom(type) && !Reader.class.isAssignableFrom(type)
        && !StreamingOutput.class.isAssignableFrom(type) && type != File.class
        && !OutputStream.class.isAssignableFrom(type);
  }

  /**
   * @param mediaType a media type, may be null
   * @return whether it is {@code application/json} or {@code application/*+json}
   */
  static boolean isJson(MediaType mediaType) {
    if (mediaType == null) {
      return false;
    }
    String sub = mediaType.getSubtype();
    return "application".equalsIgnoreCase(mediaType.getType())
        && ("json".equalsIgnoreCase(sub)
            || sub.toLowerCase(java.util.Locale.ROOT).endsWith("+json"));
  }

  @Override
  public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations,
      MediaType mediaType) {
    return handled(type, mediaType);
  }

  @Override
  public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations,
      MediaType mediaType, MultivaluedMap<String, String> httpHeaders, InputStream entityStream)
      throws IOException {
    byte[] body = RequestBodyParser.readLimited(entityStream, maxBytes);
    try {
      return mapper.readValue(body, mapper.getTypeFactory().constructType(genericType));
    } catch (JacksonException e) {
      throw ServiceBrokerException.badRequest("The request body is not valid JSON for this"
          + " resource: " + BodyParseErrors.describe(e, mapper.getFactory()
              .streamReadConstraints())).withCause(e);
    }
  }

  @Override
  public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations,
      MediaType mediaType) {
    return handled(type, mediaType);
  }

  @Override
  public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations,
      MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream)
      throws IOException {
    mapper.writeValue(entityStream, value);
  }
}
