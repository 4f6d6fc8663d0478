package dev.portcullis.servers.managed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Bounded waits on what a server writes into a directory, without sleeping. */
final class Waits {
    /** The longest pause between two checks: some writes (appends to an open file) raise no event. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private Waits() {}

    /**
     * Checks {@code done} whenever something in {@code directory} changes, and at least every 200
     * ms; true as soon as it holds, false once {@code timeout} passed or {@code worthWaiting} no
     * longer holds (the server exited).
     */
    static boolean until(Path directory, Duration timeout, BooleanSupplier done, BooleanSupplier worthWaiting) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (WatchService watcher = directory.getFileSystem().newWatchService()) {
            Files.createDirectories(directory);
            directory.register(watcher, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            while (true) {
                if (done.getAsBoolean()) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !worthWaiting.getAsBoolean()) {
                    return false;
                }
                WatchKey key = watcher.poll(Math.min(left, RECHECK_NANOS), TimeUnit.NANOSECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
