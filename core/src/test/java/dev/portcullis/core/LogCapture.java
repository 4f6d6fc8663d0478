package dev.portcullis.core;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures what one of our System.Loggers logs (backed by java.util.logging); by default the key pipeline's, "dev.portcullis.jwks". */
public final class LogCapture implements AutoCloseable {
    private final Logger logger; // held: JUL keeps loggers weakly
    private final Level previousLevel;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    LogCapture() {
        this("dev.portcullis.jwks");
    }

    /** Captures one logger and its children, at every level. */
    public LogCapture(String loggerName) {
        this(loggerName, Level.ALL);
    }

    /** Captures one logger and its children, with the logger set to {@code level} meanwhile. */
    public LogCapture(String loggerName, Level level) {
        logger = Logger.getLogger(loggerName);
        previousLevel = logger.getLevel();
        handler.setLevel(Level.ALL);
        logger.setLevel(level);
        logger.addHandler(handler);
    }

    /** Each record as the line a formatter writes: level, then the formatted message. */
    public List<String> lines() {
        synchronized (records) {
            return records.stream()
                    .map(r -> r.getLevel() + " " + MessageFormat.format(r.getMessage(), r.getParameters()))
                    .toList();
        }
    }

    /** Records at exactly this level. */
    List<LogRecord> at(Level level) {
        synchronized (records) {
            return records.stream().filter(r -> r.getLevel().equals(level)).toList();
        }
    }

    /** All records. */
    List<LogRecord> all() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
    }
}
