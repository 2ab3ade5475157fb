package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;

/**
 * Writes a {@link Set} without an order of its own ({@code Set.of}, {@code HashSet}) as a JSON
 * array sorted by each element's JSON text, so that the catalog's bytes, and its {@code ETag}, do
 * not depend on an iteration order that differs between JVMs ({@code Set.of} iterates in a
 * per-JVM random order). A {@link SortedSet} or {@link LinkedHashSet}, or a value's copy of one
 * ({@link JsonCopies#keepsOrder}), keeps its order.
 */
final class UnorderedSetSerializer extends StdSerializer<Set<?>> {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON = new JsonFactory();

  @SuppressWarnings({"unchecked", "rawtypes"}) // Set.class is a Class<Set>, no Class<Set<?>>
  UnorderedSetSerializer() {
    super((Class<Set<?>>) (Class) Set.class);
  }

  @Override
  public void serialize(Set<?> set, JsonGenerator g, SerializerProvider provider)
      throws IOException {
    if (JsonCopies.keepsOrder(set)) {
      g.writeStartArray(set, set.size());
      for (Object element : set) {
        provider.defaultSerializeValue(element, g);
      }
      g.writeEndArray();
      return;
    }
    record Written(String text, TokenBuffer tokens) {}
    List<Written> elements = new ArrayList<>(set.size());
    for (Object element : set) {
      TokenBuffer tokens = new TokenBuffer(g.getCodec(), false);
      provider.defaultSerializeValue(element, tokens);
      // the text to sort by: the element as the same writer writes it (maps sorted by key)
      StringWriter text = new StringWriter();
      try (JsonGenerator tg = JSON.createGenerator(text)) {
        tokens.serialize(tg);
      }
      elements.add(new Written(text.toString(), tokens));
    }
    elements.sort(Comparator.comparing(Written::text));
    g.writeStartArray(set, set.size());
    for (Written w : elements) {
      w.tokens().serialize(g);
    }
    g.writeEndArray();
  }
}
