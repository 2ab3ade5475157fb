package io.github.osbsdk.broker.api.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.AsyncWork;
import java.io.File;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An asynchronous bind's task must deliver the binding: {@code AsyncWork.task(() ->
 * BindResult.bound(credentials))} fits the void {@code AsyncTask} and would drop the credentials,
 * so a bind does not take a plain task, at compile time or at run time.
 */
class PlainTaskForBindTest {
  @TempDir Path out;

  @Test
  void bindAcceptingAPlainTaskDoesNotCompile() throws Exception {
    CompileResult result = compile(
        "return BindResult.accepted(AsyncWork.task(() -> BindResult.bound(creds)));");

    assertThat(result.compiled()).as(result.diagnostics()).isFalse();
    assertThat(result.diagnostics()).contains("accepted");
  }

  @Test
  void bindAcceptingABindTaskAStepOrProviderTrackedWorkCompiles() throws Exception {
    CompileResult result = compile(
        "return creds.isEmpty() ? BindResult.accepted(() -> BindResult.bound(creds))"
            + " : creds.size() == 1 ? BindResult.accepted(AsyncWork.step(\"s\", Map.of()))"
            + " : BindResult.accepted(AsyncWork.trackedByProvider(\"op-1\"));");

    assertThat(result.compiled()).as(result.diagnostics()).isTrue();
  }

  @Test
  void acceptedAroundAPlainTaskIsRefusedNamingTheBindTaskFactory() {
    AsyncWork plain = AsyncWork.task(() -> BindResult.bound(Map.of("password", "secret")));

    assertThatThrownBy(() -> new BindResult.Accepted(plain, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BindResult.accepted(BindTask)");
  }

  @Test
  void acceptedKeepsTheWorkOfEachFormABindTakes() {
    BindResult.Accepted task = BindResult.accepted(() -> BindResult.bound(null));
    BindResult.Accepted step = BindResult.accepted(AsyncWork.step("issue", Map.of("n", 1)));
    BindResult.Accepted tracked = BindResult.accepted(AsyncWork.trackedByProvider("op-1"));

    assertThat(task.work()).isInstanceOf(AsyncWork.Task.class);
    assertThat(new BindResult.Accepted(task.work(), null).work()).isEqualTo(task.work());
    assertThat(step.work()).isEqualTo(AsyncWork.step("issue", Map.of("n", 1)));
    assertThat(tracked.work()).isEqualTo(AsyncWork.trackedByProvider("op-1"));
  }

  private CompileResult compile(String body) throws Exception {
    String source = "package p;\n"
        + "import io.github.osbsdk.broker.api.AsyncWork;\n"
        + "import io.github.osbsdk.broker.api.binding.BindResult;\n"
        + "import java.util.Map;\n"
        + "class Provider {\n"
        + "  BindResult bind(Map<String, Object> creds) {\n"
        + "    " + body + "\n"
        + "  }\n"
        + "}\n";
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///p/Provider.java"),
        JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    String classpath = location(BindResult.class) + File.pathSeparator
        + location(JsonProperty.class);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    boolean compiled = compiler.getTask(diagnostics, null, null,
        List.of("-classpath", classpath, "-d", out.toString()), null, List.of(file)).call();
    return new CompileResult(compiled, diagnostics.toString());
  }

  private static String location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private record CompileResult(boolean compiled, String diagnostics) {}
}
