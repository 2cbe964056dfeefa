package io.github.cdkmfa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The CloudFormation templates of a synthesized cloud assembly as they will deploy, with what the check needs to
 * name what it finds: each template's stack, environment and nested stacks, the construct path of each resource and
 * the acknowledgments recorded in the stacks' metadata.
 *
 * <p>Everything is read from the files aws-cdk-lib wrote ({@code manifest.json}, the stacks' metadata files, the
 * asset manifests that name nested stack templates), not from the construct tree: reading the tree from Java costs
 * one jsii round trip per construct, which large apps cannot afford.
 */
final class AssemblyTemplates {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACKNOWLEDGED_RULES = "aws:cdk:acknowledged-rules";

    private static final Pattern ASSET_HASH = Pattern.compile("([0-9a-f]{64})\\.json");

    /** Every template: the stacks given, then their nested stacks. */
    final List<Template> templates = new ArrayList<>();
    /** Acknowledgments recorded on constructs inside stacks: construct path (no leading slash) to id and reason. */
    final Map<String, Map<String, String>> acknowledgments = new LinkedHashMap<>();

    private final Map<Path, Map<String, Object>> manifests = new HashMap<>();
    private final Map<Path, Map<String, List<Map<String, Object>>>> metadataByTemplate = new HashMap<>();

    /** A template of the assembly. */
    static final class Template {
        /** The file; unique within the assembly. */
        final Path file;
        /** The construct path of its stack (or nested stack), without a leading slash. */
        final String stackPath;
        /** The account, or a placeholder unique to its top-level stack when the stack is environment-agnostic. */
        final String account;
        /** The region, or a placeholder unique to its top-level stack when the stack is environment-agnostic. */
        final String region;
        final Map<String, Object> resources;
        final Map<String, Object> parameters;
        final Map<String, Object> outputs;
        /** The stack that holds this nested stack's resource, and that resource's logical id; null for a stack. */
        final Template parent;
        final String parentLogicalId;
        /** Nested stacks by the logical id of their {@code AWS::CloudFormation::Stack} resource in this template. */
        final Map<String, Template> nested = new HashMap<>();
        /** Construct path (no leading slash) of each resource, by logical id, where the metadata names it. */
        final Map<String, String> paths = new HashMap<>();
        /** The CloudFormation stack name of a top-level stack; null for a nested stack. */
        String stackName;

        @SuppressWarnings("unchecked")
        Template(Path file, String stackPath, String account, String region, Template parent, String parentLogicalId) {
            this.file = file;
            this.stackPath = stackPath;
            this.account = account;
            this.region = region;
            this.parent = parent;
            this.parentLogicalId = parentLogicalId;
            Map<String, Object> body = read(file);
            this.resources = body.get("Resources") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            this.parameters = body.get("Parameters") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            this.outputs = body.get("Outputs") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }

        /** The resource's definition, or an empty map. */
        @SuppressWarnings("unchecked")
        Map<String, Object> resource(String logicalId) {
            return resources.get(logicalId) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }

        String type(String logicalId) {
            return String.valueOf(resource(logicalId).get("Type"));
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> properties(String logicalId) {
            return resource(logicalId).get("Properties") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }

        /** The construct path of a resource, or its logical id and template when the metadata does not name it. */
        String describe(String logicalId) {
            String path = paths.get(logicalId);
            return path != null ? path : logicalId + " in " + file.getFileName();
        }
    }

    /**
     * Read the templates of the given stacks and of their nested stacks.
     *
     * @param stacks each stack's construct path, template path, account and region (null when unknown)
     */
    AssemblyTemplates(List<StackTemplate> stacks) {
        for (StackTemplate stack : stacks) {
            Path file = Path.of(stack.templatePath()).toAbsolutePath().normalize();
            Template template = new Template(file, stack.constructPath(),
                    stack.account() != null ? stack.account() : "{account:" + stack.constructPath() + "}",
                    stack.region() != null ? stack.region() : "{region:" + stack.constructPath() + "}", null, null);
            template.stackName = stackName(file);
            addWithNested(template, stackMetadata(file));
        }
    }

    /** One stack as aws-cdk-lib hands it to a validation plugin. */
    record StackTemplate(String constructPath, String templatePath, String account, String region) {
    }

    private void addWithNested(Template stack, Map<String, List<Map<String, Object>>> metadata) {
        // Construct paths by logical id come from the stack's metadata, which also holds its nested stacks'
        // constructs: an entry belongs to the innermost (nested) stack whose path contains it.
        List<Template> own = new ArrayList<>();
        collectNested(stack, own);
        templates.addAll(own);
        for (Map.Entry<String, List<Map<String, Object>>> entry : metadata.entrySet()) {
            String path = entry.getKey().startsWith("/") ? entry.getKey().substring(1) : entry.getKey();
            for (Map<String, Object> item : entry.getValue()) {
                if ("aws:cdk:logicalId".equals(item.get("type")) && item.get("data") instanceof String logicalId) {
                    Template owner = owner(own, path);
                    if (owner != null) {
                        owner.paths.put(logicalId, path);
                    }
                } else if (ACKNOWLEDGED_RULES.equals(item.get("type")) && item.get("data") instanceof Map<?, ?> data) {
                    Map<String, String> rules = acknowledgments.computeIfAbsent(path, key -> new LinkedHashMap<>());
                    data.forEach((id, reason) -> rules.put(String.valueOf(id), reason == null ? "" : String.valueOf(reason)));
                }
            }
        }
    }

    /** The innermost template whose stack path contains the construct path. */
    private static Template owner(List<Template> candidates, String path) {
        Template best = null;
        for (Template template : candidates) {
            if ((path.startsWith(template.stackPath + "/") || template.stackPath.isEmpty())
                    && (best == null || template.stackPath.length() > best.stackPath.length())) {
                best = template;
            }
        }
        return best;
    }

    /**
     * Add a template's nested stacks: each {@code AWS::CloudFormation::Stack} whose TemplateURL names a file asset
     * of the assembly (how aws-cdk-lib's {@code NestedStack} deploys its template).
     */
    private void collectNested(Template template, List<Template> into) {
        into.add(template);
        Map<String, Path> assets = fileAssets(template.file.getParent());
        Map<String, String> stackResourcePaths = nestedStackPaths(template);
        for (String logicalId : template.resources.keySet()) {
            if (!"AWS::CloudFormation::Stack".equals(template.type(logicalId))) {
                continue;
            }
            Matcher hash = ASSET_HASH.matcher(json(template.properties(logicalId).get("TemplateURL")));
            if (hash.find() && assets.containsKey(hash.group(1))) {
                String stackPath = stackResourcePaths.getOrDefault(logicalId, template.stackPath + "/" + logicalId);
                Template nested = new Template(assets.get(hash.group(1)), stackPath, template.account,
                        template.region, template, logicalId);
                template.nested.put(logicalId, nested);
                collectNested(nested, into);
            }
        }
    }

    /**
     * The construct path of each nested stack of a template, by the logical id of its resource: aws-cdk-lib defines
     * the resource at {@code <nested stack path>.NestedStack/<id>.NestedStackResource}.
     */
    private Map<String, String> nestedStackPaths(Template template) {
        Map<String, String> paths = new HashMap<>();
        Template top = template;
        while (top.parent != null) {
            top = top.parent;
        }
        for (Map.Entry<String, List<Map<String, Object>>> entry : stackMetadata(top.file).entrySet()) {
            String path = entry.getKey().startsWith("/") ? entry.getKey().substring(1) : entry.getKey();
            int marker = path.lastIndexOf(".NestedStack/");
            if (marker < 0) {
                continue;
            }
            for (Map<String, Object> item : entry.getValue()) {
                if ("aws:cdk:logicalId".equals(item.get("type")) && item.get("data") instanceof String logicalId
                        && template.resources.containsKey(logicalId) && path.startsWith(template.stackPath + "/")) {
                    paths.put(logicalId, path.substring(0, marker));
                }
            }
        }
        return paths;
    }

    /** The stack name the manifest gives the stack whose template is the file: its stackName, or its artifact id. */
    private String stackName(Path templateFile) {
        for (Map.Entry<String, Object> artifact : artifacts(templateFile.getParent()).entrySet()) {
            if (artifact.getValue() instanceof Map<?, ?> map && "aws:cloudformation:stack".equals(map.get("type"))
                    && map.get("properties") instanceof Map<?, ?> properties
                    && templateFile.getFileName().toString().equals(properties.get("templateFile"))) {
                return properties.get("stackName") instanceof String name ? name : artifact.getKey();
            }
        }
        return null;
    }

    /** The file assets the asset manifests of a directory list, by their hash. */
    @SuppressWarnings("unchecked")
    private Map<String, Path> fileAssets(Path directory) {
        Map<String, Path> assets = new HashMap<>();
        Map<String, Object> artifacts = artifacts(directory);
        for (Object artifact : artifacts.values()) {
            if (artifact instanceof Map<?, ?> map && "cdk:asset-manifest".equals(map.get("type"))
                    && map.get("properties") instanceof Map<?, ?> properties
                    && properties.get("file") instanceof String file) {
                Object files = read(directory.resolve(file)).get("files");
                if (files instanceof Map<?, ?> byHash) {
                    byHash.forEach((hash, asset) -> {
                        if (asset instanceof Map<?, ?> a && a.get("source") instanceof Map<?, ?> source
                                && source.get("path") instanceof String path && path.endsWith(".json")) {
                            assets.put(String.valueOf(hash), directory.resolve(path));
                        }
                    });
                }
            }
        }
        return assets;
    }

    /** The metadata of the stack whose template is the given file: construct path to entries. */
    private Map<String, List<Map<String, Object>>> stackMetadata(Path templateFile) {
        return metadataByTemplate.computeIfAbsent(templateFile, this::readStackMetadata);
    }

    @SuppressWarnings("unchecked")
    private Map<String, List<Map<String, Object>>> readStackMetadata(Path templateFile) {
        Path directory = templateFile.getParent();
        Map<String, List<Map<String, Object>>> metadata = new LinkedHashMap<>();
        for (Object artifact : artifacts(directory).values()) {
            if (!(artifact instanceof Map<?, ?> map) || !"aws:cloudformation:stack".equals(map.get("type"))
                    || !(map.get("properties") instanceof Map<?, ?> properties)
                    || !templateFile.getFileName().toString().equals(properties.get("templateFile"))) {
                continue;
            }
            if (map.get("metadata") instanceof Map<?, ?> inline) {
                inline.forEach((path, entries) -> metadata.put(String.valueOf(path), (List<Map<String, Object>>) entries));
            }
            if (map.get("additionalMetadataFile") instanceof String file && Files.exists(directory.resolve(file))) {
                read(directory.resolve(file)).forEach((path, entries) -> metadata.merge(path,
                        (List<Map<String, Object>>) entries, (a, b) -> {
                            List<Map<String, Object>> both = new ArrayList<>(a);
                            both.addAll(b);
                            return both;
                        }));
            }
        }
        return metadata;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> artifacts(Path directory) {
        Map<String, Object> manifest = manifests.computeIfAbsent(directory, dir -> {
            Path file = dir.resolve("manifest.json");
            return Files.exists(file) ? read(file) : Map.of();
        });
        return manifest.get("artifacts") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) {
        try {
            return JSON.readValue(file.toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
