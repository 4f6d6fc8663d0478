package dev.portcullis.servers;

import dev.portcullis.jaxrs.conformance.ConformanceCases;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The log of Portcullis in a server embedded in this JVM: every record of logger {@code dev.portcullis}
 * (Portcullis logs through {@code System.Logger}, which is {@code java.util.logging} here, whatever
 * class loader the application has), DEBUG included, as the lines a log file would hold:
 * {@code LEVEL logger: message}, split at line feeds.
 */
public final class CapturedLog extends Handler implements ConformanceCases.ServerLog {
    private static final Logger PORTCULLIS = Logger.getLogger("dev.portcullis"); // strong reference: keeps the level
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<String> lines = new ArrayList<>(); // guarded by this

    private CapturedLog() {
        setLevel(Level.ALL);
    }

    /** Starts capturing; {@link #close()} stops. */
    public static CapturedLog install() {
        CapturedLog log = new CapturedLog();
        PORTCULLIS.setLevel(Level.ALL);
        PORTCULLIS.addHandler(log);
        return log;
    }

    @Override
    public void publish(LogRecord record) {
        String text = record.getLevel() + " " + record.getLoggerName() + ": " + formatter.formatMessage(record);
        synchronized (this) {
            lines.addAll(List.of(text.split("\n", -1)));
            notifyAll();
        }
    }

    @Override
    public synchronized boolean await(Predicate<String> line, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                if (line.test(lines.get(checked))) {
                    return true;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    @Override
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        PORTCULLIS.removeHandler(this);
    }
}
