package io.github.cdkmfa.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app launcher (scripts/cdk-app.sh, cdk.json's "app" command) must never run stale classes: it builds through
 * Maven whenever pom.xml or a file under src/ changed since its last successful build, and only then.
 *
 * <p>Runs the real script in a scratch project with stand-ins for mvn (records each build, writes the class and
 * classpath files a real build writes) and java (records each run).
 */
class AppLauncherTest {
    private static final Path SCRIPT = Path.of("scripts/cdk-app.sh");

    @TempDir
    Path project;

    private Path log;
    private Path source;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(project.resolve("scripts"));
        Files.copy(SCRIPT, project.resolve("scripts/cdk-app.sh"));
        Files.writeString(project.resolve("pom.xml"), "<project/>\n");
        source = project.resolve("src/main/java/io/github/cdkmfa/sample/SampleApp.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class SampleApp {}\n");
        Files.createDirectories(project.resolve("lib"));
        Files.writeString(project.resolve("lib/dependency.jar"), "");
        log = project.resolve("log.txt");
        Files.writeString(log, "");
        executable("fake-mvn", """
                #!/usr/bin/env bash
                set -eu
                echo build >> "%1$s/log.txt"
                [ ! -e "%1$s/fail-build" ] || exit 1
                mkdir -p "%1$s/target/classes/io/github/cdkmfa/sample"
                touch "%1$s/target/classes/io/github/cdkmfa/sample/SampleApp.class"
                for arg in "$@"; do
                  case "$arg" in -Dmdep.outputFile=*) printf '%%s' "%1$s/lib/dependency.jar" > "${arg#*=}" ;; esac
                done
                """.formatted(project));
        executable("fake-java", """
                #!/usr/bin/env bash
                echo "run $* context=${CDK_CONTEXT_JSON:-}" >> "%s/log.txt"
                """.formatted(project));
    }

    @Test
    void buildsOnAFreshCloneThenRunsTheApp() throws Exception {
        assertThat(launch()).isZero();

        assertThat(lines()).containsExactly("build", "run -Dopt=1 -cp " + project + "/target/classes:"
                + project + "/lib/dependency.jar io.github.cdkmfa.sample.SampleApp --arg context={\"k\":\"v\"}");
    }

    @Test
    void skipsMavenWhenNothingChanged() throws Exception {
        launch();
        assertThat(launch()).isZero();

        assertThat(builds()).isEqualTo(1);
        assertThat(runs()).isEqualTo(2);
    }

    @Test
    void skipsMavenWhenAFileIsOnlyTouched() throws Exception {
        launch();
        Files.setLastModifiedTime(source, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        launch();

        assertThat(builds()).isEqualTo(1);
    }

    @Test
    void rebuildsWhenASourceChangesEvenWithItsOldModificationTime() throws Exception {
        launch();
        FileTime before = Files.getLastModifiedTime(source);
        Files.writeString(source, "class SampleApp { int x; }\n");
        Files.setLastModifiedTime(source, before);
        launch();

        assertThat(builds()).isEqualTo(2);
    }

    @Test
    void rebuildsWhenAFileIsAddedUnderSrc() throws Exception {
        launch();
        Files.createDirectories(project.resolve("src/main/resources"));
        Files.writeString(project.resolve("src/main/resources/app.properties"), "a=b\n");
        launch();

        assertThat(builds()).isEqualTo(2);
    }

    @Test
    void rebuildsWhenASourceIsDeleted() throws Exception {
        Path other = source.resolveSibling("Other.java");
        Files.writeString(other, "class Other {}\n");
        launch();
        Files.delete(other);
        launch();

        assertThat(builds()).isEqualTo(2);
    }

    @Test
    void rebuildsWhenPomChanges() throws Exception {
        launch();
        Files.writeString(project.resolve("pom.xml"), "<project><version>2</version></project>\n");
        launch();

        assertThat(builds()).isEqualTo(2);
    }

    @Test
    void rebuildsWhenTheCompiledClassesAreGone() throws Exception {
        launch();
        Files.delete(project.resolve("target/classes/io/github/cdkmfa/sample/SampleApp.class"));
        launch();

        assertThat(builds()).isEqualTo(2);
    }

    @Test
    void rebuildsWhenTheClassesWereBuiltBehindItsBack() throws Exception {
        launch();
        // An edit compiled elsewhere (an IDE, `mvn compile`) and then undone: the inputs hash to the stamp again,
        // but the classes are the edited ones.
        Path compiled = project.resolve("target/classes/io/github/cdkmfa/sample/SampleApp.class");
        Files.writeString(compiled, "compiled from an edit that was undone");
        assertThat(launch()).isZero();

        assertThat(builds()).isEqualTo(2);
    }

    @Test
    void rebuildsWhenAJarOnTheCachedClasspathIsGone() throws Exception {
        launch();
        Files.delete(project.resolve("lib/dependency.jar"));
        launch();

        assertThat(builds()).isEqualTo(2);
    }

    @Test
    void failsWhenTheBuildFailsAndNeverRunsTheOldClasses() throws Exception {
        launch();
        Files.writeString(source, "class SampleApp { broken\n");
        Files.writeString(project.resolve("fail-build"), "");

        assertThat(launch()).isNotZero();
        assertThat(launch()).isNotZero();
        assertThat(runs()).isEqualTo(1);

        Files.delete(project.resolve("fail-build"));
        assertThat(launch()).isZero();
        assertThat(builds()).isEqualTo(4);
        assertThat(runs()).isEqualTo(2);
    }

    private int launch() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", project.resolve("scripts/cdk-app.sh").toString(), "--arg")
                .directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("APP_MVN", project.resolve("fake-mvn").toString());
        builder.environment().put("APP_JAVA", project.resolve("fake-java").toString());
        builder.environment().put("APP_JAVA_OPTS", "-Dopt=1");
        builder.environment().put("CDK_CONTEXT_JSON", "{\"k\":\"v\"}");
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        return process.exitValue();
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
