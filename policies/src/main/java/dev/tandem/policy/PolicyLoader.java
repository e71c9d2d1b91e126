package dev.tandem.policy;

import dev.tandem.policy.internal.PolicyReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Loads policies from YAML. Loading is strict: an unknown key, a wrong type, an undefined tier or a
 * duplicate key is an error, and every error in a file is reported at once as {@code file:line:col:
 * path: message} in an {@link InvalidPolicyException}. A policy that fails to load is never partly used.
 *
 * <pre>{@code
 * Policy policy = PolicyLoader.load(Path.of("tandem.yaml"));
 * Policy fallback = PolicyLoader.preset("privacy-first");
 * }</pre>
 */
public final class PolicyLoader {

    /** The preset used when no policy file is given. */
    public static final String DEFAULT_PRESET = "privacy-first";

    private static final Set<String> PRESETS = Set.of(DEFAULT_PRESET);

    private PolicyLoader() {}

    /** Loads and validates a policy file. */
    public static Policy load(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidPolicyException(
                    List.of(new PolicyProblem(file.toString(), 0, 0, "", "no such file; check the path")));
        } catch (IOException e) {
            throw new InvalidPolicyException(List.of(new PolicyProblem(
                    file.toString(),
                    0,
                    0,
                    "",
                    "cannot read the file: " + e.getClass().getSimpleName())));
        }
        return parse(yaml, file.toString());
    }

    /**
     * Parses and validates policy YAML.
     *
     * @param source the name used in problem locations, usually the file name
     */
    public static Policy parse(String yaml, String source) {
        return PolicyReader.read(yaml, source);
    }

    /** One of the policies shipped with Tandem, by name: {@value #DEFAULT_PRESET}. */
    public static Policy preset(String name) {
        if (!PRESETS.contains(name)) {
            throw new IllegalArgumentException("unknown preset '" + name + "', expected one of " + PRESETS);
        }
        return parse(presetYaml(name), name + ".yaml");
    }

    /** The YAML text of a preset, to show or copy. */
    public static String presetYaml(String name) {
        String resource = "presets/" + name + ".yaml";
        try (InputStream in = PolicyLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("unknown preset '" + name + "', expected one of " + PRESETS);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
