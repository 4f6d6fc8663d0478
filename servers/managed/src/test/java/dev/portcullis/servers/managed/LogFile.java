package dev.portcullis.servers.managed;

import dev.portcullis.jaxrs.conformance.ConformanceCases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * One log file of a server, read whole on each call (they stay small: one server start and a few
 * dozen requests). Bytes are read as ISO-8859-1, so no input makes a line unreadable.
 */
final class LogFile implements ConformanceCases.ServerLog {
    private final Path file;

    LogFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public List<String> lines() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Arrays.asList(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).split("\r?\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits, without sleeping, until a line satisfies {@code line} or {@code timeout} passes. */
    @Override
    public boolean await(Predicate<String> line, Duration timeout) {
        return await(line, timeout, () -> true);
    }

    /**
     * As {@link #await(Predicate, Duration)}, but gives up as soon as {@code worthWaiting} no longer
     * holds (the server exited).
     */
    boolean await(Predicate<String> line, Duration timeout, BooleanSupplier worthWaiting) {
        return Waits.until(file.getParent(), timeout, () -> lines().stream().anyMatch(line), worthWaiting);
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
