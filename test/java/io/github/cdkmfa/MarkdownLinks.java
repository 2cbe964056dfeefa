package io.github.cdkmfa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.IdGenerator;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/**
 * Finds the relative links and {@code #anchors} of Markdown files that lead nowhere on GitHub.
 *
 * <p>The Markdown is parsed by commonmark-java with GitHub's tables, so that a link is what GitHub renders as one
 * (never text in a code span or block). A heading's anchor is commonmark-java's {@link IdGenerator} applied to the
 * heading's text without its markup, which follows GitHub's documented rules: letters lower-cased, spaces replaced
 * by hyphens, other punctuation removed, markup removed, and a repeated anchor suffixed {@code -1}, {@code -2}...
 * (GitHub Docs, "Basic writing and formatting syntax", Section links:
 * https://docs.github.com/en/get-started/writing-on-github/getting-started-with-writing-and-formatting-on-github/basic-writing-and-formatting-syntax#section-links).
 *
 * <p>A link target must be a file or folder of the repository (tracked, or new and not ignored by git), so a link
 * into build output fails too. An anchor is checked when it points into a Markdown file; anchors into other files
 * (line anchors of source files) are not checked. Links with a scheme ({@code https:}, {@code mailto:}) are not
 * followed.
 */
final class MarkdownLinks {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();

    /** A link that leads nowhere: the file it is in, its destination as written, and why. */
    record Broken(Path file, String destination, String reason) {
        @Override
        public String toString() {
            return file + ": (" + destination + ") " + reason;
        }
    }

    /** What a check found: the links it followed and the broken ones among them. */
    record Report(int linksChecked, List<Broken> broken) {
    }

    private final Path root;
    private final Set<Path> files;
    private final Set<Path> folders = new LinkedHashSet<>();
    private final Map<Path, Set<String>> anchorsByFile = new HashMap<>();

    /**
     * @param root the repository's root folder
     * @param files the repository's files, relative to {@code root}
     */
    MarkdownLinks(Path root, Set<Path> files) {
        this.root = root;
        this.files = files;
        for (Path file : files) {
            for (Path parent = file.getParent(); parent != null; parent = parent.getParent()) {
                folders.add(parent);
            }
        }
    }

    /** The repository's files, relative to {@code root}: tracked ones and new ones git does not ignore. */
    static Set<Path> repositoryFiles(Path root) {
        ProcessBuilder git = new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
                .directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Processes.Result result;
        try {
            result = Processes.run(git, Duration.ofMinutes(1));
        } catch (IOException e) {
            throw new AssertionError("the Markdown link check lists the repository's files with git: install git", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (result.exitCode() != 0) {
            throw new AssertionError("git ls-files failed (exit " + result.exitCode() + ") in " + root
                    + ": the Markdown link check needs a git checkout");
        }
        Set<Path> listed = new TreeSet<>();
        for (String name : result.output().split("\0")) {
            // A tracked file deleted from the work tree is listed by --cached but is gone.
            if (!name.isEmpty() && Files.isRegularFile(root.resolve(name))) {
                listed.add(Path.of(name));
            }
        }
        return listed;
    }

    /** Check every link of every Markdown file among the repository's files. */
    Report checkAll() {
        List<Path> markdown = files.stream().filter(MarkdownLinks::isMarkdown).toList();
        List<Broken> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : markdown) {
            for (String destination : destinations(parse(file))) {
                if (SCHEME.matcher(destination).find() || destination.startsWith("//")) {
                    continue;
                }
                checked++;
                String reason = problem(file, destination);
                if (reason != null) {
                    broken.add(new Broken(file, destination, reason));
                }
            }
        }
        return new Report(checked, broken);
    }

    /** Why a relative destination written in {@code file} leads nowhere, or null when it resolves. */
    private String problem(Path file, String destination) {
        int hash = destination.indexOf('#');
        String pathPart = hash < 0 ? destination : destination.substring(0, hash);
        String fragment = hash < 0 ? null : destination.substring(hash + 1);
        Path target;
        if (pathPart.isEmpty()) {
            target = file;
        } else {
            String decoded = URLDecoder.decode(pathPart.replace("+", "%2B"), StandardCharsets.UTF_8);
            Path base = decoded.startsWith("/") ? Path.of("") : parentOf(file);
            target = base.resolve(decoded.startsWith("/") ? decoded.substring(1) : decoded).normalize();
            if (target.startsWith("..")) {
                return "leaves the repository";
            }
            boolean isFolder = target.toString().isEmpty() || folders.contains(target);
            if (!files.contains(target) && !isFolder) {
                return "names no file or folder of the repository (" + target + ")";
            }
        }
        if (fragment == null || fragment.isEmpty() || !isMarkdown(target)) {
            return null;
        }
        Set<String> anchors = anchors(target);
        if (!anchors.contains(fragment)) {
            return "names no heading of " + target + "; its anchors are " + anchors;
        }
        return null;
    }

    /** The anchors GitHub gives the headings of a Markdown file of the repository. */
    Set<String> anchors(Path file) {
        return anchorsByFile.computeIfAbsent(file, f -> anchorsOf(parse(f)));
    }

    /** The anchors GitHub gives the headings of a parsed document, in order. */
    static Set<String> anchorsOf(Node document) {
        IdGenerator ids = IdGenerator.builder().build();
        Set<String> anchors = new LinkedHashSet<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                anchors.add(ids.generateId(plainText(heading)));
            }
        });
        return anchors;
    }

    /** Parse Markdown text as GitHub does. */
    static Node parse(String markdown) {
        return PARSER.parse(markdown);
    }

    private Node parse(Path file) {
        try {
            return parse(Files.readString(root.resolve(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The destinations of every link and image of a parsed document. */
    static List<String> destinations(Node document) {
        List<String> destinations = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                destinations.add(link.getDestination());
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                destinations.add(image.getDestination());
                visitChildren(image);
            }
        });
        return destinations;
    }

    /** A heading's text without its markup: the contents of its text and code spans. */
    private static String plainText(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code code) {
                text.append(code.getLiteral());
            }
        });
        return text.toString().strip();
    }

    private static Path parentOf(Path file) {
        Path parent = file.getParent();
        return parent == null ? Path.of("") : parent;
    }

    private static boolean isMarkdown(Path file) {
        return file.getFileName() != null && file.getFileName().toString().endsWith(".md");
    }

    /** Files given by name, for tests that lay out a small repository of their own. */
    static Set<Path> filesOf(String... names) {
        Set<Path> set = new TreeSet<>();
        Arrays.stream(names).map(Path::of).forEach(set::add);
        return set;
    }
}
