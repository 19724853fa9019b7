package dev.atrium.metadata.packages;

import com.github.zafarkhaja.semver.Version;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Semantic versions and ranges ({@code ^1.2.0}, {@code >=1.0.0 <2.0.0}, {@code 1.x}), as npm writes them. */
public final class Versions {
    /** npm's "and" is a space ({@code >=1.0.0 <2.0.0}); the parser's is {@code &}. */
    private static final java.util.regex.Pattern SPACE_AND =
            java.util.regex.Pattern.compile("(?<=[0-9xX*])\\s+(?=[<>=~^0-9])");

    private Versions() {}

    public static Version parse(String version) {
        return Version.tryParse(version)
                .orElseThrow(() -> new PackageException("\"" + version + "\" is not a version like 1.2.0"));
    }

    /** Whether {@code version} is in {@code range}; a range that does not parse is a problem, not a no. */
    public static boolean satisfies(String version, String range) {
        if (range == null || range.isBlank() || range.equals("*")) return true;
        try {
            return parse(version).satisfies(SPACE_AND.matcher(range.trim()).replaceAll(" & "));
        } catch (RuntimeException e) {
            throw new PackageException("\"" + range + "\" is not a version range like ^1.0.0 or >=1.0.0 <2.0.0");
        }
    }

    /** The highest of some versions (in {@code range} when given). */
    public static Optional<String> newest(Collection<String> versions, String range) {
        return versions.stream()
                .filter(v -> satisfies(v, range))
                .max(Comparator.comparing(Versions::parse, Version.INCREMENT_ORDER));
    }

    public static int compare(String a, String b) {
        return Version.INCREMENT_ORDER.compare(parse(a), parse(b));
    }
}
