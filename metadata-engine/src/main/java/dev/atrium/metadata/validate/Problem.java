package dev.atrium.metadata.validate;

/**
 * One thing wrong with a metadata document.
 *
 * @param document which document (entity name, or file name when the name is unknown)
 * @param pointer JSON pointer inside that document, e.g. {@code /fields/3/target}
 * @param message a sentence saying what is wrong and how to fix it
 */
public record Problem(String document, String pointer, String message) {
    @Override
    public String toString() {
        return document + pointer + ": " + message;
    }
}
