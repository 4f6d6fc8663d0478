package dev.portcullis.servers;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts a {@link TomcatServer} in a JVM of its own, for tests that need what only a process has
 * (its environment variables): {@code TomcatMain <work dir> <context>=<exploded WAR dir>...}. Prints
 * {@code READY <port>} once every WAR is deployed (or {@code FAILED <reason>} and exits 1), then runs
 * until its standard input closes.
 */
public final class TomcatMain {
    private TomcatMain() {}

    public static void main(String[] args) throws IOException {
        TomcatServer server = new TomcatServer(Path.of(args[0]));
        try {
            for (int i = 1; i < args.length; i++) {
                String[] war = args[i].split("=", 2);
                server.deploy(war[0], Path.of(war[1]));
            }
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getMessage());
            server.close();
            System.exit(1);
        }
        System.out.println("READY " + server.port());
        System.out.flush();
        while (System.in.read() != -1) {
            // runs until the test closes our standard input
        }
        server.close();
    }
}
