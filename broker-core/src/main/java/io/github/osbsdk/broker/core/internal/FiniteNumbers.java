package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ValueNode;

/**
 * Jackson's tree nodes, but a floating-point number beyond the range of a {@code double} is
 * refused while the tree is built ({@link NotFinite}): Jackson reads 1e999 as Infinity, so a
 * provider would get a number the client never sent, written back as the string "Infinity", and
 * 1e999 and 2e999 would count as the same value. Costs nothing for the numbers that fit.
 */
final class FiniteNumbers extends JsonNodeFactory {
  private static final long serialVersionUID = 1L;
  private static final FiniteNumbers INSTANCE = new FiniteNumbers();

  private FiniteNumbers() {}

  /**
   * @param mapper the shared mapper
   * @return a reader of trees that throws {@link NotFinite} (possibly as the cause of a Jackson
   *     exception) for a number beyond the range of a {@code double}
   */
  static ObjectReader reader(ObjectMapper mapper) {
    return mapper.reader().with(INSTANCE);
  }

  @Override
  public NumericNode numberNode(double v) {
    return super.numberNode(finite(v));
  }

  @Override
  public NumericNode numberNode(float v) {
    return super.numberNode((float) finite(v));
  }

  @Override
  public ValueNode numberNode(Double value) {
    return super.numberNode(value == null ? null : finite(value));
  }

  @Override
  public ValueNode numberNode(Float value) {
    return super.numberNode(value == null ? null : (float) finite(value));
  }

  private static double finite(double v) {
    if (!Double.isFinite(v)) {
      throw new NotFinite();
    }
    return v;
  }

  /** A number beyond the range of a {@code double}. */
  static final class NotFinite extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFinite() {
      super("a number beyond the range of a double", null, false, false);
    }
  }
}
