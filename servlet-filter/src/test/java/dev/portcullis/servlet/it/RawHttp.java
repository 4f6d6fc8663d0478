package dev.portcullis.servlet.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client sends: duplicate or huge
 * headers, raw bytes, megabytes of credentials. Every exchange is bounded: connect, write and read
 * together must finish within the deadline, or the answer says it did not ({@link Answer#status()}
 * is -1). One request per connection ({@code Connection: close}).
 */
final class RawHttp {
    /** How long one exchange of the attack suite may take, connect to last byte. */
    static final Duration DEADLINE = Duration.ofSeconds(2);

    private static final int MAX_BODY = 256 * 1024;

    private RawHttp() {}

    /** A request to build; header values are written as ISO-8859-1 bytes, exactly as given. */
    static final class Request {
        private final String method;
        private final String target;
        private final List<String[]> headers = new ArrayList<>();
        private byte[] body = new byte[0];
        private byte[] rawHeaderBytes = new byte[0];

        private Request(String method, String target) {
            this.method = method;
            this.target = target;
        }

        /** {@code GET target}, the target a path starting with {@code /} (and an optional query). */
        static Request get(String target) {
            return new Request("GET", target);
        }

        static Request method(String method, String target) {
            return new Request(method, target);
        }

        Request header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        /** Extra header lines written verbatim after the others (each must end with CRLF). */
        Request rawHeaderBytes(byte[] bytes) {
            this.rawHeaderBytes = bytes.clone();
            return this;
        }

        Request body(String contentType, String text) {
            header("Content-Type", contentType);
            this.body = text.getBytes(StandardCharsets.ISO_8859_1);
            return this;
        }

        String target() {
            return target;
        }

        /** Every header value, for leak checks. */
        List<String> headerValues() {
            List<String> values = new ArrayList<>();
            for (String[] h : headers) {
                values.add(h[1]);
            }
            return values;
        }

        byte[] bytes(int port) {
            StringBuilder head = new StringBuilder(256);
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            for (String[] h : headers) {
                head.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            if (body.length > 0) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("Connection: close\r\n");
            ByteArrayOutputStream out =
                    new ByteArrayOutputStream(head.length() + rawHeaderBytes.length + body.length + 2);
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(rawHeaderBytes);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(body);
            return out.toByteArray();
        }
    }

    /**
     * What came back.
     *
     * @param status the status code, or -1 if no complete status line arrived within the deadline
     * @param head the status line and header lines, as received
     * @param headers header values by lower-case name, in order
     * @param body the body (chunked encoding removed), read as UTF-8
     * @param elapsed the time from connecting to the last byte read
     * @param problem why the exchange ended abnormally, or null
     */
    record Answer(
            int status, String head, Map<String, List<String>> headers, String body, Duration elapsed, String problem) {
        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        String first(String name) {
            List<String> values = all(name);
            return values.isEmpty() ? null : values.get(0);
        }

        @Override
        public String toString() {
            return "Answer[" + status + " in " + elapsed.toMillis() + " ms" + (problem == null ? "" : ", " + problem)
                    + ", head=" + head.replace("\r\n", " | ") + ", body="
                    + (body.length() > 300 ? body.substring(0, 300) + "..." : body) + "]";
        }
    }

    /** Sends the request to 127.0.0.1:{@code port} and reads the answer, all within {@link #DEADLINE}. */
    static Answer send(int port, Request request) {
        return send(port, request, DEADLINE);
    }

    /** Sends the request to 127.0.0.1:{@code port} and reads the answer, all within {@code limit}. */
    static Answer send(int port, Request request, Duration limit) {
        byte[] bytes = request.bytes(port);
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        ByteArrayOutputStream received = new ByteArrayOutputStream(1024);
        String problem = null;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) limit.toMillis());
            // The writer runs apart: a server that stops reading must not block us past the deadline.
            Thread writer = new Thread(
                    () -> {
                        try {
                            OutputStream out = socket.getOutputStream();
                            out.write(bytes);
                            out.flush();
                        } catch (IOException e) {
                            // the server closed early (e.g. answered an oversized header): read what it said
                        }
                    },
                    "rawhttp-writer");
            writer.setDaemon(true);
            writer.start();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    problem = "deadline passed";
                    break;
                }
                socket.setSoTimeout((int) left);
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    problem = "deadline passed";
                    break;
                } catch (IOException e) {
                    problem = "connection reset: " + e.getClass().getSimpleName();
                    break;
                }
                if (n < 0) {
                    break;
                }
                if (received.size() < MAX_BODY) {
                    received.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            problem = "cannot connect: " + e.getClass().getSimpleName();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return parse(received.toByteArray(), elapsed, problem);
    }

    private static Answer parse(byte[] data, Duration elapsed, String problem) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            return new Answer(-1, text, Map.of(), "", elapsed, problem == null ? "no complete answer" : problem);
        }
        String head = text.substring(0, end);
        String[] lines = head.split("\r\n", -1);
        String[] statusLine = lines[0].split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (RuntimeException e) {
            return new Answer(-1, head, Map.of(), "", elapsed, "bad status line");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            headers.computeIfAbsent(
                            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        byte[] rest = java.util.Arrays.copyOfRange(data, end + 4, data.length);
        List<String> te = headers.getOrDefault("transfer-encoding", List.of());
        if (te.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            rest = dechunk(rest);
        }
        return new Answer(status, head, headers, new String(rest, StandardCharsets.UTF_8), elapsed, problem);
    }

    private static byte[] dechunk(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        int i = 0;
        while (i < data.length) {
            int lineEnd = indexOfCrLf(data, i);
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(data, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";", 2)[0].strip();
            int size;
            try {
                size = Integer.parseInt(sizeText, 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (size == 0) {
                break;
            }
            int from = lineEnd + 2;
            int to = Math.min(data.length, from + size);
            out.write(data, from, to - from);
            i = to + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrLf(byte[] data, int from) {
        for (int i = from; i + 1 < data.length; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
