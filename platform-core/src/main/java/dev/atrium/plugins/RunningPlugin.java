package dev.atrium.plugins;

import dev.atrium.plugin.api.AccessNeed;
import dev.atrium.plugin.api.AtriumExtension;
import dev.atrium.plugin.api.ConfigProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A plugin whose classes are loaded and whose extensions serve calls. */
record RunningPlugin(
        String id,
        String version,
        String description,
        String provider,
        String requires,
        String signer,
        Path file,
        PluginExtensions extensions) {
    List<ConfigProperty> settings() {
        Map<String, ConfigProperty> m = new LinkedHashMap<>();
        for (AtriumExtension e : extensions.all()) for (ConfigProperty p : e.settings()) m.putIfAbsent(p.name(), p);
        return List.copyOf(m.values());
    }

    List<AccessNeed> access() {
        Map<String, Set<String>> m = new TreeMap<>();
        for (AtriumExtension e : extensions.all()) {
            for (AccessNeed n : e.access())
                m.computeIfAbsent(n.entity(), k -> new TreeSet<>()).addAll(n.operations());
        }
        List<AccessNeed> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(new AccessNeed(k, v)));
        return out;
    }
}
