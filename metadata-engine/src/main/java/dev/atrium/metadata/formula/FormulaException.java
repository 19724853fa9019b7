package dev.atrium.metadata.formula;

/** An expression that does not parse or type-check; {@code position} is the 0-based offset. */
public class FormulaException extends RuntimeException {
    private final int position;

    public FormulaException(int position, String message) {
        super(message + " (at character " + (position + 1) + ")", null, false, false);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
