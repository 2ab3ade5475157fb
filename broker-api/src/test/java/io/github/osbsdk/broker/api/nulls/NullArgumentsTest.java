package io.github.osbsdk.broker.api.nulls;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Walks the public API of broker-api: every public constructor, public static method, builder
 * method and {@code with...} method, called with null for each parameter in turn (valid values
 * for the others, {@link ApiSamples}), either accepts it, where null means something and the
 * member is listed in {@link #NULL_ALLOWED}, or throws a {@link NullPointerException} whose
 * message names the parameter ({@code "name == null"}).
 */
class NullArgumentsTest {
  /**
   * Where null is meaningful ("none", "not set", "the SDK's default"), as {@code Type#member(
   * parameter)}, one a line: the Javadoc of each says so ({@link JavadocNulls}).
   */
  static final Set<String> NULL_ALLOWED = allowed();

  /** Parsers of wire values, for which null is a missing value, refused as any invalid one. */
  static final Map<String, Class<? extends RuntimeException>> PARSERS = Map.of(
      "ApiVersion#parse(text)", IllegalArgumentException.class,
      "OperationState#fromWire(value)", IllegalArgumentException.class);

  private static Set<String> allowed() {
    try (var in = NullArgumentsTest.class.getResourceAsStream("null-allowed.txt")) {
      return Set.copyOf(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#")).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final Path CLASSES = classes();

  private static Path classes() {
    try {
      return Path.of(ServiceBroker.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public types of the exported packages, nested ones included. */
  static List<Class<?>> publicTypes() throws IOException {
    List<Class<?>> types = new ArrayList<>();
    try (Stream<Path> files = Files.walk(CLASSES.resolve("io/github/osbsdk/broker/api"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = CLASSES.relativize(f).toString().replace('/', '.');
        if (!name.endsWith(".class") || name.contains(".internal.")
            || name.endsWith("package-info.class") || name.endsWith("module-info.class")) {
          continue;
        }
        Class<?> type = load(name.substring(0, name.length() - ".class".length()));
        if (isPublic(type)) {
          types.add(type);
        }
      }
    }
    types.sort(Comparator.comparing(Class::getName));
    return types;
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, NullArgumentsTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean isPublic(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  /** The members a provider builds values with. */
  static List<Executable> members(Class<?> type) {
    List<Executable> members = new ArrayList<>();
    if (!type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
      members.addAll(Arrays.asList(type.getConstructors()));
    }
    for (Method m : type.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic() || m.isBridge()
          || enumGenerated(type, m)) {
        continue;
      }
      boolean builder = type.getSimpleName().equals("Builder");
      if (Modifier.isStatic(m.getModifiers()) || builder || m.getName().startsWith("with")) {
        members.add(m);
      }
    }
    members.sort(Comparator.comparing(NullArgumentsTest::signature));
    return members;
  }

  private static boolean enumGenerated(Class<?> type, Method m) {
    return type.isEnum() && (m.getName().equals("values") && m.getParameterCount() == 0
        || m.getName().equals("valueOf") && Arrays.equals(m.getParameterTypes(),
            new Class<?>[] {String.class}));
  }

  static String signature(Executable e) {
    String type = e.getDeclaringClass().getName()
        .substring(e.getDeclaringClass().getPackageName().length() + 1).replace('$', '.');
    return type + "#" + (e instanceof Constructor<?> ? "new" : e.getName()) + "("
        + String.join(", ", Arrays.stream(e.getParameters()).map(Parameter::getName).toList())
        + ")";
  }

  /** What an instance method is called on: a builder, a sample value, an exception. */
  private static Object receiver(Class<?> type) throws ReflectiveOperationException {
    if (type.getSimpleName().equals("Builder")) {
      for (Method m : type.getEnclosingClass().getMethods()) {
        if (Modifier.isStatic(m.getModifiers()) && m.getReturnType() == type) {
          return m.invoke(null, Arrays.stream(m.getParameters()).map(ApiSamples::of).toArray());
        }
      }
      throw new IllegalStateException("no factory of " + type);
    }
    if (type == ServiceBrokerException.class) {
      return ServiceBrokerException.badRequest("d");
    }
    return ApiSamples.of(type);
  }

  /**
   * Calls {@code e} with null for parameter {@code i}.
   *
   * @return null when it accepted it, else what it threw
   */
  private static Throwable callWithNull(Executable e, int i) throws ReflectiveOperationException {
    Parameter[] params = e.getParameters();
    Object[] args = new Object[params.length];
    for (int j = 0; j < params.length; j++) {
      args[j] = j == i ? null : ApiSamples.of(params[j]);
    }
    try {
      if (e instanceof Constructor<?> c) {
        c.newInstance(args);
      } else {
        Method m = (Method) e;
        m.invoke(Modifier.isStatic(m.getModifiers()) ? null : receiver(m.getDeclaringClass()),
            args);
      }
      return null;
    } catch (InvocationTargetException thrown) {
      return thrown.getCause();
    }
  }

  @Test
  void everyPublicFactoryBuilderMethodAndConstructorRefusesNullNamingTheParameter()
      throws Exception {
    List<String> wrong = new ArrayList<>();
    Set<String> allowedSeen = new TreeSet<>();
    int checked = 0;
    for (Class<?> type : publicTypes()) {
      for (Executable e : members(type)) {
        Parameter[] params = e.getParameters();
        for (int i = 0; i < params.length; i++) {
          if (params[i].getType().isPrimitive()) {
            continue;
          }
          checked++;
          String where = signature(e).replaceFirst("\\(.*", "(" + params[i].getName() + ")");
          Throwable t = callWithNull(e, i);
          String member = e instanceof Constructor<?> ? "new" : e.getName();
          if (NULL_ALLOWED.contains(where)) {
            allowedSeen.add(where);
            if (t != null) {
              wrong.add(where + ": listed as accepting null, threw " + t);
            } else if (!JavadocNulls.saysNull(e.getDeclaringClass(), member,
                params[i].getName())) {
              wrong.add(where + ": accepts null, its Javadoc does not say so");
            }
          } else if (PARSERS.containsKey(where)) {
            allowedSeen.add(where);
            if (!PARSERS.get(where).isInstance(t)) {
              wrong.add(where + ": threw " + t + ", not " + PARSERS.get(where).getName());
            }
          } else if (t == null) {
            wrong.add(where + ": accepts null");
          } else if (!(t instanceof NullPointerException)
              || !(params[i].getName() + " == null").equals(t.getMessage())) {
            wrong.add(where + ": threw " + t);
          }
        }
      }
    }
    Files.write(Path.of("target/null-arguments.txt"), wrong);
    assertThat(checked).as("parameters checked").isGreaterThan(300);
    assertThat(wrong).as("members that do not refuse null naming the parameter").isEmpty();
    Set<String> listed = new TreeSet<>(NULL_ALLOWED);
    listed.addAll(PARSERS.keySet());
    assertThat(allowedSeen).as("every listed member exists").isEqualTo(listed);
  }
}
