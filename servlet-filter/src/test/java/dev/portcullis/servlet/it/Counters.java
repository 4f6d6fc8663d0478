package dev.portcullis.servlet.it;

import java.net.URL;
import java.util.HashMap;
import java.util.Map;

/**
 * A test application's validator counters, as its metrics servlet prints them ({@code NAME=count}
 * per line), and what moved between two readings.
 */
public final class Counters {
    private Counters() {}

    /** The numeric counters at {@code path} of the application at {@code base}. */
    public static Map<String, Long> read(URL base, String path) {
        Map<String, Long> out = new HashMap<>();
        for (String line : Http.get(base, path, null).body().split("\n")) {
            String[] kv = line.split("=");
            if (kv.length == 2 && kv[1].chars().allMatch(Character::isDigit) && !kv[1].isEmpty()) {
                out.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return out;
    }

    /** The counters that changed from {@code before} to {@code after}, by how much. */
    public static Map<String, Long> moved(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> moved = new HashMap<>();
        after.forEach((k, v) -> {
            long delta = v - before.getOrDefault(k, 0L);
            if (delta != 0) {
                moved.put(k, delta);
            }
        });
        return moved;
    }
}
