package io.github.osbsdk.broker.api.nulls;

import io.github.osbsdk.broker.api.ApiVersion;
import io.github.osbsdk.broker.api.AsyncTask;
import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ResumableStep;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindStep;
import io.github.osbsdk.broker.api.binding.BindTask;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.context.GenericPlatformContext;
import io.github.osbsdk.broker.api.context.PlatformContext;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A valid, non-null value of every type the public API of broker-api takes: given ones for the
 * JDK's types and the API's interfaces, a record's canonical constructor with valid values for
 * the others.
 */
final class ApiSamples {
  private static final Map<Class<?>, Supplier<Object>> GIVEN = Map.ofEntries(
      Map.entry(String.class, () -> "s"),
      Map.entry(Object.class, () -> "o"),
      Map.entry(Map.class, Map::of),
      Map.entry(List.class, List::of),
      Map.entry(Set.class, Set::of),
      Map.entry(Collection.class, List::of),
      Map.entry(Duration.class, () -> Duration.ofSeconds(1)),
      Map.entry(Instant.class, () -> Instant.EPOCH),
      Map.entry(BigDecimal.class, () -> BigDecimal.ONE),
      Map.entry(Throwable.class, RuntimeException::new),
      Map.entry(Boolean.class, () -> Boolean.TRUE),
      Map.entry(Integer.class, () -> 1),
      Map.entry(Long.class, () -> 1L),
      Map.entry(ApiVersion.class, () -> ApiVersion.LATEST),
      Map.entry(PlatformContext.class, () -> new GenericPlatformContext(Map.of("platform", "p"))),
      Map.entry(AsyncTask.class, () -> (AsyncTask) () -> { }),
      Map.entry(BindTask.class, () -> (BindTask) () -> BindResult.bound(null)),
      Map.entry(ResumableStep.class, () -> (ResumableStep) ctx -> { }),
      Map.entry(BindStep.class, () -> (BindStep) ctx -> BindResult.bound(null)),
      Map.entry(AsyncWork.class, () -> AsyncWork.trackedByProvider("op")),
      Map.entry(AsyncWork.Step.class, () -> AsyncWork.step("step", Map.of())),
      Map.entry(AsyncWork.Task.class, () -> AsyncWork.task(() -> { })),
      Map.entry(AsyncWork.ProviderTracked.class, () -> AsyncWork.trackedByProvider("op")),
      Map.entry(Plan.class, () -> Plan.builder("p", "plan", "A plan").build()),
      Map.entry(ServiceOffering.class, () -> ServiceOffering.builder("s", "service", "A service")
          .plan(Plan.builder("p", "plan", "A plan").build()).build()));

  private ApiSamples() {}

  /**
   * A valid value of a parameter's type.
   *
   * @param p the parameter
   * @return the value; for a primitive, its boxed default
   */
  static Object of(Parameter p) {
    if (p.getType() == int.class && p.getName().equals("status")) {
      return 400; // an HTTP error status
    }
    return of(p.getType());
  }

  /**
   * A valid value of a type.
   *
   * @param type the type
   * @return the value
   */
  static Object of(Class<?> type) {
    if (type.isPrimitive()) {
      return primitive(type);
    }
    Supplier<Object> given = GIVEN.get(type);
    if (given != null) {
      return given.get();
    }
    if (type.isArray()) {
      Object array = Array.newInstance(type.getComponentType(), 1);
      Array.set(array, 0, of(type.getComponentType()));
      return array;
    }
    if (type.isEnum()) {
      return type.getEnumConstants()[0];
    }
    if (type.isRecord()) {
      return record(type);
    }
    throw new IllegalStateException("no sample of " + type.getName() + ": add one to ApiSamples");
  }

  private static Object record(Class<?> type) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] = of(types[i]);
    }
    try {
      Constructor<?> canonical = type.getDeclaredConstructor(types);
      return canonical.newInstance(values);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("no sample of " + type.getName() + ": its canonical"
          + " constructor refused the samples; add one to ApiSamples", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object primitive(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 1;
    }
    if (type == long.class) {
      return 1L;
    }
    if (type == double.class) {
      return 1.0;
    }
    throw new IllegalStateException("no sample of " + type);
  }
}
