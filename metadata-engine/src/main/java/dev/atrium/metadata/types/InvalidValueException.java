package dev.atrium.metadata.types;

/** A value does not fit its field; the message is a sentence a person can act on. */
public class InvalidValueException extends Exception {
    public InvalidValueException(String message) {
        super(message, null, false, false);
    }
}
