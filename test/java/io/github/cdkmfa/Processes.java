package io.github.cdkmfa;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child process of a test with a time limit that holds: its output is read while it runs (or goes where the
 * builder redirects it), so a child that fills the pipe or never ends cannot block the test, and on timeout the
 * child and every process it started are killed and the test fails naming the command.
 */
public final class Processes {
    private Processes() {
    }

    /**
     * What a finished process left.
     *
     * @param exitCode its exit code
     * @param output its standard output (with standard error when the builder merges them); empty when the builder
     *        redirects it elsewhere
     */
    public record Result(int exitCode, String output) {
    }

    /**
     * Start the builder's command and wait for it.
     *
     * @param builder the command, its directory, environment and redirections
     * @param timeout how long it may run
     * @return its exit code and output
     * @throws IOException when the command cannot be started (not installed, not executable)
     * @throws InterruptedException when the test is interrupted; the process tree is killed first
     */
    public static Result run(ProcessBuilder builder, Duration timeout) throws IOException, InterruptedException {
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = null;
        if (builder.redirectOutput() == ProcessBuilder.Redirect.PIPE) {
            reader = new Thread(() -> copy(process.getInputStream(), output), "output of " + builder.command().get(0));
            reader.setDaemon(true);
            reader.start();
        } else {
            process.getInputStream().close();
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                destroyTree(process);
                File file = builder.redirectOutput().file();
                throw new AssertionError(String.join(" ", builder.command()) + " did not finish within " + timeout
                        + " and was killed with the processes it started; "
                        + (file != null ? "its output is in " + file : "its output so far:\n" + text(output)));
            }
        } catch (InterruptedException e) {
            destroyTree(process);
            throw e;
        }
        if (reader != null) {
            // A grandchild that outlives the command may hold the pipe open: do not wait for it for long.
            reader.join(Duration.ofSeconds(10).toMillis());
        }
        return new Result(process.exitValue(), text(output));
    }

    /** Kill the process and everything it started, children first so that none is left behind re-parented. */
    static void destroyTree(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // The stream closes when the process is killed: what was read so far is kept.
        }
    }

    private static String text(ByteArrayOutputStream output) {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }
}
