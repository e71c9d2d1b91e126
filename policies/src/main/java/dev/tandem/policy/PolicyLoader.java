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
import java.util.Map;
import java.util.Set;

/**
 * Loads policies from YAML. Loading is strict: an unknown key, a wrong type, an undefined tier, a
 * duplicate key, a fallback or extends cycle, an unset environment variable or an invalid regular
 * expression is an error, and every error in a file is reported at once as {@code file:line:col: path:
 * message} in an {@link InvalidPolicyException}. A policy that fails to load is never partly used.
 *
 * <pre>{@code
 * Policy policy = PolicyLoader.load(Path.of("tandem.yaml"));            // ${VAR} from System.getenv()
 * Policy hermetic = PolicyLoader.load(Path.of("tandem.yaml"), Map.of("OPENAI_API_KEY", "sk-test"));
 * Policy fallback = PolicyLoader.preset("privacy-first");
 * }</pre>
 *
 * <p>A policy may {@code extends:} a preset (or another policy file ending in {@code .yaml}) and
 * override parts of it; see {@code docs/policy-reference.md} for the merge rules. Thread-safe.
 */
public final class PolicyLoader {

    /** The preset used when no policy file is given. */
    public static final String DEFAULT_PRESET = "privacy-first";

    /** Every preset shipped with Tandem. */
    public static final List<String> PRESETS =
            List.of("cost-first", "latency-first", "offline-only", DEFAULT_PRESET, "quality-first");

    private PolicyLoader() {}

    /** Loads and validates a policy file; {@code ${VAR}} reads the process environment. */
    public static Policy load(Path file) {
        return load(file, System.getenv());
    }

    /** Loads and validates a policy file; {@code ${VAR}} reads {@code environment} only. */
    public static Policy load(Path file, Map<String, String> environment) {
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
        return parseFile(yaml, file, environment);
    }

    /** Parses the content of {@code file}, resolving a relative {@code extends} against its folder. */
    static Policy parseFile(String yaml, Path file, Map<String, String> environment) {
        return PolicyReader.read(
                yaml, file.toString(), file, environment, Set.copyOf(PRESETS), PolicyLoader::presetYaml);
    }

    /**
     * Parses and validates policy YAML; {@code ${VAR}} reads the process environment.
     *
     * @param source the name used in problem locations, usually the file name
     */
    public static Policy parse(String yaml, String source) {
        return parse(yaml, source, System.getenv());
    }

    /** Parses and validates policy YAML; {@code ${VAR}} reads {@code environment} only. */
    public static Policy parse(String yaml, String source, Map<String, String> environment) {
        return PolicyReader.read(yaml, source, null, environment, Set.copyOf(PRESETS), PolicyLoader::presetYaml);
    }

    /** Every problem in a policy file, in file order; empty when the policy is valid. */
    public static List<PolicyProblem> check(Path file, Map<String, String> environment) {
        try {
            load(file, environment);
            return List.of();
        } catch (InvalidPolicyException e) {
            return e.problems();
        }
    }

    /** One of the policies shipped with Tandem, by name; see {@link #PRESETS}. */
    public static Policy preset(String name) {
        if (!PRESETS.contains(name)) {
            throw new IllegalArgumentException("unknown preset '" + name + "', expected one of " + PRESETS);
        }
        return parse(presetYaml(name), name + ".yaml", Map.of());
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
