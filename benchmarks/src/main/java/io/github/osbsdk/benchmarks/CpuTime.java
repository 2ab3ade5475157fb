package io.github.osbsdk.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this JVM plus an embedded PostgreSQL server (its postmaster, found through
 * {@code postmaster.pid} in the data directory, and the postmaster's live children), read from
 * {@code /proc} (Linux).
 */
final class CpuTime {
  private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux
  private final long postmaster;

  CpuTime(Path dataDirectory) throws IOException {
    this.postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
        .get(0).trim());
  }

  /**
   * Reads the CPU time used so far.
   *
   * @return CPU nanoseconds of this JVM and of the PostgreSQL processes alive now
   * @throws IOException when {@code /proc} cannot be listed
   */
  long nanos() throws IOException {
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean();
    long total = os.getProcessCpuTime();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : procs) {
        String[] f = stat(p);
        if (f == null) {
          continue;
        }
        long pid = Long.parseLong(p.getFileName().toString());
        long ppid = Long.parseLong(f[1]);
        if (pid == postmaster) { // its own time plus that of children it has reaped
          total += (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
              + Long.parseLong(f[14])) * TICK_NANOS;
        } else if (ppid == postmaster) {
          total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
        }
      }
    }
    return total;
  }

  /**
   * Reads a process's stat line.
   *
   * @param proc the process's {@code /proc} directory
   * @return the fields after the command name (field 3 onwards), or null when gone
   */
  private static String[] stat(Path proc) {
    try {
      String s = Files.readString(proc.resolve("stat"));
      return s.substring(s.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
