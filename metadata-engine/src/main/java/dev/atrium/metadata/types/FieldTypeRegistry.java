package dev.atrium.metadata.types;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that says what each field type means. Built-in types are registered at construction;
 * {@link #withType} returns a registry with one more type (how a plugin adds a type). Immutable.
 */
public final class FieldTypeRegistry {
    private static final FieldTypeRegistry BUILT_IN = new FieldTypeRegistry(builtIns());

    private final Map<String, FieldType> types;
    private final java.util.function.Function<String, Optional<FieldType>> extensions;

    private FieldTypeRegistry(Map<String, FieldType> types) {
        this(types, n -> Optional.empty());
    }

    private FieldTypeRegistry(
            Map<String, FieldType> types, java.util.function.Function<String, Optional<FieldType>> extensions) {
        this.types = Collections.unmodifiableMap(types);
        this.extensions = extensions;
    }

    /**
     * A registry that also asks {@code resolver} for names it does not know: how the plugin host adds and
     * removes types while the platform runs. Built-in names always win.
     */
    public FieldTypeRegistry withResolver(java.util.function.Function<String, Optional<FieldType>> resolver) {
        return new FieldTypeRegistry(types, resolver);
    }

    /** The registry with the built-in types only. */
    public static FieldTypeRegistry builtIn() {
        return BUILT_IN;
    }

    /** A new registry with {@code type} added; refuses to replace an existing name. */
    public FieldTypeRegistry withType(FieldType type) {
        if (types.containsKey(type.name())) {
            throw new IllegalArgumentException("field type \"" + type.name() + "\" is already registered");
        }
        Map<String, FieldType> m = new LinkedHashMap<>(types);
        m.put(type.name(), type);
        return new FieldTypeRegistry(m, extensions);
    }

    public Optional<FieldType> find(String name) {
        FieldType t = types.get(name);
        return t != null ? Optional.of(t) : extensions.apply(name);
    }

    /** The type, for metadata that already passed validation (so the name is known). */
    public FieldType require(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("unknown field type " + name));
    }

    public Collection<String> names() {
        return types.keySet();
    }

    private static Map<String, FieldType> builtIns() {
        List<FieldType> all = new ArrayList<>();
        all.addAll(TextTypes.all());
        all.addAll(NumberTypes.all());
        all.addAll(TemporalTypes.all());
        all.addAll(ChoiceTypes.all());
        all.addAll(ReferenceTypes.all());
        all.addAll(OtherTypes.all());
        all.add(new FormulaType());
        all.add(new RollupType());
        Map<String, FieldType> m = new LinkedHashMap<>();
        for (FieldType t : all) m.put(t.name(), t);
        return m;
    }
}
