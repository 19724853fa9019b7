package dev.atrium.metadata.packages;

import dev.atrium.metadata.validate.Problem;
import java.util.List;

/** A package that cannot be read or used, with every problem found (file and pointer) when there are several. */
public final class PackageException extends RuntimeException {
    private final transient List<Problem> problems;

    public PackageException(String message) {
        this(message, List.of());
    }

    public PackageException(String message, List<Problem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    /** Each problem's document is a file of the package, its pointer a place in that file. */
    public List<Problem> problems() {
        return problems;
    }
}
