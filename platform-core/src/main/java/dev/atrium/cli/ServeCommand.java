package dev.atrium.cli;

import dev.atrium.Platform;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Start the platform (HTTP API and browser app).")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    AtriumCli.DbOptions db = new AtriumCli.DbOptions();

    @Option(names = "--port", description = "HTTP port (default 8080; env ATRIUM_PORT; 0 = any free port)")
    Integer port;

    @Option(names = "--host", description = "Address to listen on (default 127.0.0.1; env ATRIUM_HOST; 0.0.0.0 = all)")
    String host;

    @Override
    public Integer call() {
        var config = db.config();
        if (port != null) config = config.withPort(port);
        if (host != null) config = config.withHost(host);
        long started = System.nanoTime();
        Platform platform = Platform.start(config);
        int p = platform.serve();
        AtriumCli.keepRunning(platform);
        System.out.printf(
                "Atrium is running at http://localhost:%d/ (started in %d ms)%n",
                p, (System.nanoTime() - started) / 1_000_000);
        System.out.println(config.listeningSummary(p));
        return 0;
    }
}
