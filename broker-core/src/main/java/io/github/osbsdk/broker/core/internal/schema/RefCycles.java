package io.github.osbsdk.broker.core.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SpecificationVersion;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds schemas that apply themselves to the same value without end: a chain of local
 * references and in-place keywords ({@code allOf}, {@code anyOf}, {@code oneOf}, {@code not},
 * {@code if}/{@code then}/{@code else}, {@code dependentSchemas}, schema-valued
 * {@code dependencies}) that leads back to where it started without moving into a property or
 * item, such as {@code {"$ref": "#"}} or two definitions naming each other. JSON Schema leaves
 * the behaviour of such a schema undefined; the validator recurses until the stack overflows, on
 * every value that reaches the loop.
 *
 * <p>Only {@code #...} references are followed (others are refused before). A JSON pointer is
 * read from the enclosing schema resource (the nearest {@code $id}, or {@code id} in draft-04);
 * an anchor ({@code $anchor}, {@code $dynamicAnchor}, a {@code #name} id) is looked up in that
 * resource first, then anywhere. {@code $recursiveRef} and {@code $dynamicRef} are read as plain
 * references within their resource. Up to draft-07 the siblings of {@code $ref} are ignored, as
 * by the validator.
 */
final class RefCycles {
  private static final Set<String> VALUE_KEYWORDS = Set.of("enum", "const", "default", "examples");
  private static final Set<String> IN_PLACE_ONE = Set.of("not", "if", "then", "else");
  private static final Set<String> IN_PLACE_ARRAY = Set.of("allOf", "anyOf", "oneOf");
  private static final Set<String> IN_PLACE_MAP = Set.of("dependentSchemas", "dependencies");
  private static final List<String> REF_KEYWORDS = List.of("$ref", "$recursiveRef", "$dynamicRef");

  private final boolean refHidesSiblings;
  private final String idKeyword;
  private final Map<JsonNode, JsonNode> resourceOf = new IdentityHashMap<>();
  private final Map<JsonNode, String> pathOf = new IdentityHashMap<>();
  private final Map<JsonNode, Map<String, JsonNode>> anchorsOf = new IdentityHashMap<>();
  private final Map<String, JsonNode> anyAnchor = new HashMap<>();

  private record Edge(JsonNode target, String label) {}

  private RefCycles(SpecificationVersion version) {
    this.refHidesSiblings = version == SpecificationVersion.DRAFT_4
        || version == SpecificationVersion.DRAFT_6 || version == SpecificationVersion.DRAFT_7;
    this.idKeyword = version == SpecificationVersion.DRAFT_4 ? "id" : "$id";
  }

  /**
   * @param schema a schema whose {@code $schema} is already mapped to {@code version}
   * @param version its dialect
   * @return one line per loop, naming the keywords that close it; empty when there is none
   */
  static List<String> find(JsonNode schema, SpecificationVersion version) {
    RefCycles c = new RefCycles(version);
    c.index(schema, "$", schema);
    return c.loops();
  }

  /** Records every object of the document with its path, resource and anchors. */
  private void index(JsonNode node, String path, JsonNode resource) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        index(node.get(i), path + "[" + i + "]", resource);
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    JsonNode here = resource;
    JsonNode id = node.get(idKeyword);
    if (id != null && id.isTextual()) {
      if (id.asText().startsWith("#")) {
        anchor(resource, id.asText().substring(1), node);
      } else {
        here = node;
      }
    }
    for (String a : List.of("$anchor", "$dynamicAnchor")) {
      JsonNode name = node.get(a);
      if (name != null && name.isTextual()) {
        anchor(here, name.asText(), node);
      }
    }
    resourceOf.put(node, here);
    pathOf.put(node, path);
    for (Map.Entry<String, JsonNode> f : node.properties()) {
      if (!VALUE_KEYWORDS.contains(f.getKey())) {
        index(f.getValue(), path + "." + f.getKey(), here);
      }
    }
  }

  private void anchor(JsonNode resource, String name, JsonNode node) {
    anchorsOf.computeIfAbsent(resource, r -> new HashMap<>()).putIfAbsent(name, node);
    anyAnchor.putIfAbsent(name, node);
  }

  /** The schemas a schema applies to the very value it is applied to. */
  private List<Edge> edges(JsonNode node) {
    List<Edge> out = new ArrayList<>();
    String path = pathOf.get(node);
    for (String keyword : REF_KEYWORDS) {
      JsonNode ref = node.get(keyword);
      if (ref != null && ref.isTextual()) {
        JsonNode target = resolve(node, ref.asText());
        if (target != null) {
          out.add(new Edge(target, path + "." + keyword + " = \"" + ref.asText() + "\""));
        }
      }
    }
    if (refHidesSiblings && node.has("$ref")) {
      return out;
    }
    for (Map.Entry<String, JsonNode> f : node.properties()) {
      String key = f.getKey();
      JsonNode value = f.getValue();
      if (IN_PLACE_ONE.contains(key) && value.isObject()) {
        out.add(new Edge(value, path + "." + key));
      } else if (IN_PLACE_ARRAY.contains(key) && value.isArray()) {
        for (int i = 0; i < value.size(); i++) {
          if (value.get(i).isObject()) {
            out.add(new Edge(value.get(i), path + "." + key + "[" + i + "]"));
          }
        }
      } else if (IN_PLACE_MAP.contains(key) && value.isObject()) {
        for (Map.Entry<String, JsonNode> e : value.properties()) {
          if (e.getValue().isObject()) {
            out.add(new Edge(e.getValue(), path + "." + key + "." + e.getKey()));
          }
        }
      }
    }
    return out;
  }

  /** @return the object a {@code #...} reference names, or null (not local, or not found) */
  private JsonNode resolve(JsonNode from, String ref) {
    if (!ref.startsWith("#")) {
      return null;
    }
    String fragment;
    try {
      fragment = URLDecoder.decode(ref.substring(1).replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    JsonNode resource = resourceOf.get(from);
    if (!fragment.isEmpty() && !fragment.startsWith("/")) {
      Map<String, JsonNode> anchors = anchorsOf.get(resource);
      JsonNode found = anchors == null ? null : anchors.get(fragment);
      return found != null ? found : anyAnchor.get(fragment);
    }
    JsonNode node = resource;
    if (!fragment.isEmpty()) {
      for (String token : fragment.substring(1).split("/", -1)) {
        String name = token.replace("~1", "/").replace("~0", "~");
        if (node.isArray()) {
          try {
            node = node.get(Integer.parseInt(name));
          } catch (NumberFormatException e) {
            return null;
          }
        } else {
          node = node.get(name);
        }
        if (node == null) {
          return null;
        }
      }
    }
    return node.isObject() && pathOf.containsKey(node) ? node : null;
  }

  /** Depth-first search without recursion (a 64kB schema may chain thousands of references). */
  private List<String> loops() {
    List<String> out = new ArrayList<>();
    Map<JsonNode, Boolean> onStack = new IdentityHashMap<>();
    Map<JsonNode, List<Edge>> edgeCache = new IdentityHashMap<>();
    for (JsonNode start : pathOf.keySet()) {
      if (onStack.containsKey(start)) {
        continue;
      }
      Deque<JsonNode> stack = new ArrayDeque<>();
      Deque<Integer> next = new ArrayDeque<>();
      Deque<String> labels = new ArrayDeque<>();
      stack.push(start);
      next.push(0);
      onStack.put(start, true);
      while (!stack.isEmpty()) {
        JsonNode node = stack.peek();
        List<Edge> edges = edgeCache.computeIfAbsent(node, this::edges);
        int i = next.pop();
        if (i == edges.size()) {
          stack.pop();
          onStack.put(node, false);
          if (!labels.isEmpty()) {
            labels.pop();
          }
          continue;
        }
        next.push(i + 1);
        Edge e = edges.get(i);
        Boolean state = onStack.get(e.target());
        if (state == null) {
          stack.push(e.target());
          next.push(0);
          labels.push(e.label());
          onStack.put(e.target(), true);
        } else if (state) {
          out.add(describe(e, labels, stack));
        }
      }
    }
    return out;
  }

  /** Names the keywords from the loop's first schema back to it. */
  private String describe(Edge closing, Deque<String> labels, Deque<JsonNode> stack) {
    List<String> chain = new ArrayList<>();
    chain.add(closing.label());
    Iterator<String> l = labels.iterator();
    for (JsonNode n : stack) {
      if (n == closing.target() || !l.hasNext()) {
        break;
      }
      chain.add(0, l.next());
    }
    return String.join(" -> ", chain) + " leads back to " + pathOf.get(closing.target())
        + " without going into a property or item, so validation would never end";
  }
}
