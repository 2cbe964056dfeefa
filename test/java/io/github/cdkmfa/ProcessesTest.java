package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The time limit of the tests' child processes fires, and leaves nothing running. */
class ProcessesTest {
    @Test
    void returnsTheExitCodeAndTheOutputReadWhileTheProcessRuns() throws Exception {
        // More output than a pipe buffer holds: a process whose output is read only after it ends never ends.
        Processes.Result result = Processes.run(new ProcessBuilder("bash", "-c",
                "head -c 1000000 /dev/zero | tr '\\0' x; echo; echo done >&2; exit 3").redirectErrorStream(true),
                Duration.ofMinutes(1));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).hasSize(1_000_000 + "\ndone\n".length()).endsWith("x\ndone\n");
    }

    @Test
    void failsWhenTheProcessOutlivesItsTimeoutAndKillsWhatItStarted() throws Exception {
        AssertionError error = catchThrowableOfType(AssertionError.class, () -> Processes.run(
                new ProcessBuilder("bash", "-c", "sleep 600 & echo child $!; wait"), Duration.ofSeconds(2)));

        assertThat(error).hasMessageContaining("bash -c sleep 600").hasMessageContaining("did not finish within PT2S");
        Matcher child = Pattern.compile("child (\\d+)").matcher(error.getMessage());
        assertThat(child.find()).as("the child's pid in the output so far: " + error.getMessage()).isTrue();
        long pid = Long.parseLong(child.group(1));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (alive(pid) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(alive(pid)).as("the child process %d is still running", pid).isFalse();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
