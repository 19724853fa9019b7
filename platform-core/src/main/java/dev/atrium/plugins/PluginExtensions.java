package dev.atrium.plugins;

import dev.atrium.plugin.api.AtriumExtension;
import dev.atrium.plugin.api.EventListener;
import dev.atrium.plugin.api.FieldTypeExtension;
import dev.atrium.plugin.api.HttpRoute;
import dev.atrium.plugin.api.RecordTrigger;
import dev.atrium.plugin.api.ScheduledJob;
import dev.atrium.plugin.api.ScriptFunction;
import dev.atrium.plugin.api.TemplateContribution;
import dev.atrium.plugin.api.UiContribution;
import dev.atrium.plugin.api.UploadScanner;
import dev.atrium.plugin.api.WorkflowAction;
import java.util.ArrayList;
import java.util.List;

/** The extensions of one started plugin, found once when it starts. */
record PluginExtensions(
        List<FieldTypeExtension> fieldTypes,
        List<WorkflowAction> actions,
        List<RecordTrigger> triggers,
        List<HttpRoute> routes,
        List<ScriptFunction> functions,
        List<EventListener> listeners,
        List<ScheduledJob> jobs,
        List<TemplateContribution> templates,
        List<UiContribution> ui,
        List<UploadScanner> scanners) {
    List<AtriumExtension> all() {
        List<AtriumExtension> out = new ArrayList<>();
        out.addAll(fieldTypes);
        out.addAll(actions);
        out.addAll(triggers);
        out.addAll(routes);
        out.addAll(functions);
        out.addAll(listeners);
        out.addAll(jobs);
        out.addAll(templates);
        out.addAll(ui);
        out.addAll(scanners);
        return out;
    }
}
