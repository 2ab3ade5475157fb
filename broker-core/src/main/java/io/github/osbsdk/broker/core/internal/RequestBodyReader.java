package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Reads the SDK's {@link RequestBody} (and no other type) under the SDK's body rules, and, as a
 * reader interceptor, attaches the request's state from the request's properties to it. For any
 * other entity, a host application's included, the interceptor only passes the call on.
 */
@Consumes(MediaType.WILDCARD)
public final class RequestBodyReader
    implements MessageBodyReader<RequestBody>, ReaderInterceptor {
  private final RequestBodyParser bodies;

  /**
   * @param bodies the body rules (content type, size limit)
   */
  public RequestBodyReader(RequestBodyParser bodies) {
    this.bodies = bodies;
  }

  @Override
  public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations,
      MediaType mediaType) {
    return type == RequestBody.class;
  }

  @Override
  public RequestBody readFrom(Class<RequestBody> type, Type genericType,
      Annotation[] annotations, MediaType mediaType, MultivaluedMap<String, String> httpHeaders,
      InputStream entityStream) {
    // the raw headers, not the container's media type: a missing Content-Type must stay missing.
    // With a Transfer-Encoding the container framed the body by it, and a Content-Length sent
    // too is to be ignored (RFC 9112, 6.3); Grizzly passes both on.
    String length = header(httpHeaders, HeaderKeys.TRANSFER_ENCODING, "Transfer-Encoding") != null
        ? null : header(httpHeaders, HeaderKeys.CONTENT_LENGTH, HttpHeaders.CONTENT_LENGTH);
    if (lines(httpHeaders, HeaderKeys.CONTENT_TYPE, HttpHeaders.CONTENT_TYPE) > 1) {
      // Content-Type is a singleton field (RFC 9110 8.3): Jersey refuses a second one, CXF and
      // RESTEasy hand on the first; the SDK refuses it the same way in every container
      return RequestBody.failed(ServiceBrokerException.badRequest("The request has more than"
          + " one Content-Type header; send one (Content-Type: application/json)."));
    }
    return bodies.read(header(httpHeaders, HeaderKeys.CONTENT_TYPE, HttpHeaders.CONTENT_TYPE),
        length, entityStream);
  }

  /** How many lines of a header the entity's map holds, by either spelling of its name. */
  private static int lines(MultivaluedMap<String, String> headers, String key, String name) {
    List<String> values = headers.get(key);
    if (values == null) {
      values = headers.get(name);
    }
    return values == null ? 0 : values.size();
  }

  /**
   * A header of the entity's map by its lower-case key, then by its usual spelling: the major
   * containers' maps ignore case, the specification of this map does not say so.
   */
  private static String header(MultivaluedMap<String, String> headers, String key,
      String name) {
    String value = headers.getFirst(key);
    return value != null ? value : headers.getFirst(name);
  }

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    Object entity = context.proceed();
    if (entity instanceof RequestBody body
        && context.getProperty(RequestState.PROPERTY) instanceof RequestState state) {
      body.attach(state);
    }
    return entity;
  }
}
