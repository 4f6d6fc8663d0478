package dev.portcullis.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The managed Liberty server's {@code messages.log}, for what the server itself says happened. */
final class LibertyLog {
    /** Liberty's "server ready" message: once per server start. */
    static final String SERVER_READY = "CWWKF0011I";
    /** Liberty's "application started" message: once per (re)start of an application. */
    static final String APP_STARTED = "CWWKZ0001I";

    private LibertyLog() {}

    /** The number of lines that contain all of {@code parts}. */
    static long count(String... parts) {
        Path log = Path.of(
                System.getProperty("liberty.wlp.home"),
                "usr",
                "servers",
                System.getProperty("liberty.server.name"),
                "logs",
                "messages.log");
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> Stream.of(parts).allMatch(line::contains))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }
}
