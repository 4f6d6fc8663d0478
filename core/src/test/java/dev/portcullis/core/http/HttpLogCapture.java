package dev.portcullis.core.http;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures what the request path logs (System.Logger "dev.portcullis.http", backed by java.util.logging), as formatted lines. */
final class HttpLogCapture implements AutoCloseable {
    private final Logger logger = Logger.getLogger("dev.portcullis.http"); // held: JUL keeps loggers weakly
    private final Level previous = logger.getLevel();
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    HttpLogCapture(Level level) {
        handler.setLevel(Level.ALL);
        logger.setLevel(level);
        logger.addHandler(handler);
    }

    /** Each record as the line a formatter writes: level, then the formatted message. */
    List<String> lines() {
        synchronized (records) {
            return records.stream().map(r -> r.getLevel() + " " + MessageFormat.format(r.getMessage(), r.getParameters())).toList();
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previous);
    }
}
