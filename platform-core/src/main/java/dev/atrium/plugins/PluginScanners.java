package dev.atrium.plugins;

import dev.atrium.files.Attachments;
import dev.atrium.internal.ApiProblem;
import dev.atrium.plugin.api.PluginContext;
import dev.atrium.plugin.api.PluginException;
import dev.atrium.plugin.api.UploadScanner;
import dev.atrium.record.RecordContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The tenant's enabled {@link UploadScanner}s, in front of the attachment store: a scanner's refusal is a
 * 422 {@code upload-refused} naming the plugin; a scanner that fails or hangs refuses the file too (502),
 * so nothing is stored unscanned while a scanner is enabled.
 */
final class PluginScanners implements Attachments.Scanner {
    private final PluginHost host;
    private final PluginServices services;

    PluginScanners(PluginHost host, PluginServices services) {
        this.host = host;
        this.services = services;
    }

    @Override
    public void scan(RecordContext ctx, String entity, UUID recordId, String name, String type, byte[] data) {
        UUID tenant = ctx.tenant().id();
        for (RunningPlugin r : host.enabled(tenant)) {
            for (UploadScanner s : r.extensions().scanners()) {
                UploadScanner.Upload upload = new UploadScanner.Upload(name, type, data, entity, recordId.toString());
                PluginContext pc = services.context(ctx.tenant(), r);
                try {
                    host.calls().call(r.id(), PluginCalls.Caller.tenant(tenant), "upload scanner " + s.id(), () -> {
                        s.scan(upload, pc);
                        return null;
                    });
                } catch (PluginException refused) {
                    throw new ApiProblem(
                            422,
                            "upload-refused",
                            "The file was refused",
                            "\"" + name + "\" was refused by the plugin " + r.id() + ": " + refused.getMessage(),
                            new JsonArray()
                                    .add(new JsonObject()
                                            .put("pointer", "")
                                            .put("message", refused.getMessage())
                                            .put("plugin", r.id())),
                            new JsonObject().put("plugin", r.id()));
                } catch (PluginFailure f) {
                    throw PluginServices.failed(f);
                }
            }
        }
    }
}
