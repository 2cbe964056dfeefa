package io.github.cdkmfa.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.cdkmfa.Processes;

/**
 * The app launcher (scripts/cdk-app.mjs, cdk.json's "app" command) must never run stale classes: it builds through
 * Maven whenever pom.xml, a file under src/ or the compiled classes changed since its last successful build, and
 * only then.
 *
 * <p>Runs the real script with Node.js in a scratch project with stand-ins for mvn (records each build, writes the
 * class and classpath files a real build writes) and java (records each run). The stand-ins set their own PATH, so
 * the launcher can be run with nothing but Node.js on its PATH.
 */
class AppLauncherTest {
    private static final Path SCRIPT = Path.of("scripts/cdk-app.mjs");
    private static final Path CLASS_FILE = Path.of("target/classes/io/github/cdkmfa/sample/SampleApp.class");

    @TempDir
    Path project;

    private Path log;
    private Path source;
    /** The PATH the launcher gets; null: this JVM's. */
    private String pathForLaunches;
    /** What the last launch printed, for failure messages. */
    private String lastOutput = "";

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(project.resolve("scripts"));
        Files.copy(SCRIPT, project.resolve("scripts/cdk-app.mjs"));
        Files.writeString(project.resolve("pom.xml"), "<project/>\n");
        source = project.resolve("src/main/java/io/github/cdkmfa/sample/SampleApp.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class SampleApp {}\n");
        Files.createDirectories(project.resolve("lib"));
        Files.writeString(project.resolve("lib/dependency.jar"), "");
        log = project.resolve("log.txt");
        Files.writeString(log, "");
        executable("fake-mvn", """
                #!/bin/bash
                set -eu
                PATH=/usr/bin:/bin
                echo build >> "%1$s/log.txt"
                [ ! -e "%1$s/fail-build" ] || exit 1
                mkdir -p "%1$s/target/classes/io/github/cdkmfa/sample"
                echo "compiled from $(cksum < "%1$s/src/main/java/io/github/cdkmfa/sample/SampleApp.java")" \
                  > "%1$s/target/classes/io/github/cdkmfa/sample/SampleApp.class"
                for arg in "$@"; do
                  case "$arg" in -Dmdep.outputFile=*) printf '%%s' "%1$s/lib/dependency.jar" > "${arg#*=}" ;; esac
                done
                """.formatted(project));
        executable("fake-java", """
                #!/bin/bash
                echo "run $* context=${CDK_CONTEXT_JSON:-}" >> "%s/log.txt"
                """.formatted(project));
    }

    @Test
    void buildsOnAFreshCloneThenRunsTheApp() throws Exception {
        launchSucceeds();

        assertThat(lines()).containsExactly("build", "run -Dopt=1 -cp " + project + "/target/classes:"
                + project + "/lib/dependency.jar io.github.cdkmfa.sample.SampleApp --arg context={\"k\":\"v\"}");
    }

    @Test
    void skipsMavenWhenNothingChanged() throws Exception {
        launchSucceeds();
        launchSucceeds();

        assertThat(builds()).isEqualTo(1);
        assertThat(runs()).isEqualTo(2);
    }

    @Test
    void skipsMavenWhenAFileIsOnlyTouched() throws Exception {
        launchSucceeds();
        Files.setLastModifiedTime(source, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        launchSucceeds();

        assertThat(builds()).isEqualTo(1);
    }

    @Test
    void rebuildsWhenASourceChangesEvenWithItsOldModificationTime() throws Exception {
        launchSucceeds();
        FileTime before = Files.getLastModifiedTime(source);
        Files.writeString(source, "class SampleApp { int x; }\n");
        Files.setLastModifiedTime(source, before);
        launchSucceeds();

        assertThat(builds()).isEqualTo(2);
    }

    @Test
    void rebuildsWhenAFileIsAddedUnderSrc() throws Exception {
        launchSucceeds();
        Files.createDirectories(project.resolve("src/main/resources"));
        Files.writeString(project.resolve("src/main/resources/app.properties"), "a=b\n");
        launchSucceeds();

        assertThat(builds()).isEqualTo(2);
    }

    @Test
    void rebuildsWhenASourceIsDeleted() throws Exception {
        Path other = source.resolveSibling("Other.java");
        Files.writeString(other, "class Other {}\n");
        launchSucceeds();
        Files.delete(other);
        launchSucceeds();

        assertThat(builds()).isEqualTo(2);
    }

    @Test
    void rebuildsWhenPomChanges() throws Exception {
        launchSucceeds();
        Files.writeString(project.resolve("pom.xml"), "<project><version>2</version></project>\n");
        launchSucceeds();

        assertThat(builds()).isEqualTo(2);
    }

    @Test
    void rebuildsWhenTheCompiledClassesAreGone() throws Exception {
        launchSucceeds();
        Files.delete(project.resolve(CLASS_FILE));
        launchSucceeds();

        assertThat(builds()).isEqualTo(2);
    }

    @Test
    void rebuildsWhenTheClassesWereBuiltBehindItsBack() throws Exception {
        launchSucceeds();
        // An edit compiled elsewhere (an IDE, `mvn compile`) and then undone: the inputs hash to the stamp again,
        // but the classes are the edited ones.
        Path compiled = project.resolve(CLASS_FILE);
        Files.writeString(compiled, "compiled from an edit that was undone");
        launchSucceeds();

        assertThat(builds()).isEqualTo(2);
    }

    @Test
    void rebuildsWhenAClassChangesKeepingItsSizeAndModificationTime() throws Exception {
        launchSucceeds();
        // Only the content tells these classes from the ones the launcher built: a fingerprint of names, sizes and
        // times (or of nothing, where a tool it relies on is missing) would run them.
        Path compiled = project.resolve(CLASS_FILE);
        String built = Files.readString(compiled);
        FileTime time = Files.getLastModifiedTime(compiled);
        Files.writeString(compiled, "X".repeat(built.length()));
        Files.setLastModifiedTime(compiled, time);
        assertThat(Files.size(compiled)).isEqualTo(built.length());
        launchSucceeds();

        assertThat(builds()).isEqualTo(2);
        assertThat(Files.readString(compiled)).isEqualTo(built);
    }

    @Test
    void needsNothingButNodeOnThePath() throws Exception {
        // A machine without GNU find, xargs or sha256sum (macOS, Windows): every rule must still hold.
        Path bin = Files.createDirectories(project.resolve("only-node"));
        Path node = Files.createSymbolicLink(bin.resolve("node"), node());
        pathForLaunches = bin.toString();
        try {
            launchSucceeds();
            launchSucceeds();
            assertThat(builds()).isEqualTo(1);
            Files.writeString(project.resolve(CLASS_FILE), "compiled from an edit that was undone");
            launchSucceeds();
            Files.writeString(source, "class SampleApp { int y; }\n");
            launchSucceeds();
        } finally {
            Files.delete(node);
        }

        assertThat(builds()).isEqualTo(3);
        assertThat(runs()).isEqualTo(4);
    }

    @Test
    void rebuildsWhenAJarOnTheCachedClasspathIsGone() throws Exception {
        launchSucceeds();
        Files.delete(project.resolve("lib/dependency.jar"));
        launchSucceeds();

        assertThat(builds()).isEqualTo(2);
    }

    @Test
    void failsWhenTheBuildFailsAndNeverRunsTheOldClasses() throws Exception {
        launchSucceeds();
        Files.writeString(source, "class SampleApp { broken\n");
        Files.writeString(project.resolve("fail-build"), "");

        assertThat(launch()).isNotZero();
        assertThat(launch()).isNotZero();
        assertThat(runs()).isEqualTo(1);

        Files.delete(project.resolve("fail-build"));
        launchSucceeds();
        assertThat(builds()).isEqualTo(4);
        assertThat(runs()).isEqualTo(2);
    }

    private int launch() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(node().toString(),
                project.resolve("scripts/cdk-app.mjs").toString(), "--arg")
                .directory(project.toFile()).redirectErrorStream(true);
        builder.environment().put("APP_MVN", project.resolve("fake-mvn").toString());
        builder.environment().put("APP_JAVA", project.resolve("fake-java").toString());
        builder.environment().put("APP_JAVA_OPTS", "-Dopt=1");
        builder.environment().put("CDK_CONTEXT_JSON", "{\"k\":\"v\"}");
        if (pathForLaunches != null) {
            builder.environment().put("PATH", pathForLaunches);
        }
        Processes.Result result = Processes.run(builder, Duration.ofMinutes(1));
        lastOutput = result.output();
        return result.exitCode();
    }

    private void launchSucceeds() throws IOException, InterruptedException {
        assertThat(launch()).as("the launcher's exit code; it printed:%n%s", lastOutput).isZero();
    }

    /** Node.js from the PATH, as the CDK CLI finds it. */
    private static Path node() {
        return Arrays.stream(System.getenv("PATH").split(File.pathSeparator)).map(dir -> Path.of(dir, "node"))
                .filter(Files::isExecutable).findFirst().map(AppLauncherTest::realPath)
                .orElseThrow(() -> new AssertionError("Node.js is not on the PATH: the app launcher runs on it. "
                        + "Install Node.js 20 or later (Debian: apt-get install nodejs npm)."));
    }

    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    private long builds() throws IOException {
        return lines().stream().filter("build"::equals).count();
    }

    private long runs() throws IOException {
        return lines().stream().filter(line -> line.startsWith("run ")).count();
    }

    private void executable(String name, String text) throws IOException {
        Path file = project.resolve(name);
        Files.writeString(file, text);
        assertThat(file.toFile().setExecutable(true)).isTrue();
    }
}
