package dev.portcullis.testkit;

import com.sun.net.httpserver.HttpExchange;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An HTTP answer of the {@link LocalIdp}; {@link #DROP} means "close the connection without answering". */
final class Reply {

    static final Reply DROP = new Reply(0, null, new byte[0], false);

    /** Starts like a PNG, contains invalid UTF-8 and stray JSON punctuation. */
    static final byte[] GARBAGE = {
        (byte) 0x89,
        'P',
        'N',
        'G',
        '\r',
        '\n',
        0x1a,
        '\n',
        0,
        (byte) 0xff,
        (byte) 0xfe,
        (byte) 0xc3,
        '(',
        '}',
        '{',
        '"',
        'k',
        'e',
        'y',
        's',
        '"',
        ':',
        '[',
        (byte) 0xa0,
        (byte) 0xa1,
        0x7f,
        ']',
        ',',
        0,
        0
    };

    static final byte[] HTML = ("<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n"
                    + "<body><h1>Sign in</h1><form method=\"post\" action=\"/login\">"
                    + "<input name=\"username\"><input name=\"password\" type=\"password\"><button>Log in</button>"
                    + "</form></body></html>\n")
            .getBytes(StandardCharsets.UTF_8);

    private static final int CHUNK = 64 * 1024;

    private final int status;
    private final String contentType;
    private final byte[] body;
    private final boolean chunked;

    Reply(int status, String contentType, byte[] body, boolean chunked) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.chunked = chunked;
    }

    static Reply json(String body) {
        return new Reply(200, "application/json", body.getBytes(StandardCharsets.UTF_8), false);
    }

    static Reply text(int status, String body) {
        return new Reply(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), false);
    }

    static Map<String, Object> parse(String json) {
        try {
            return JsonUtil.parseJson(json);
        } catch (JoseException e) {
            throw new IllegalStateException("not a JSON object: " + json, e);
        }
    }

    /** Writes this reply; the caller closes the exchange, which for {@link #DROP} closes the connection. */
    void send(HttpExchange exchange, String cacheControl) throws IOException {
        if (this == DROP) {
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (cacheControl != null) {
            exchange.getResponseHeaders().set("Cache-Control", cacheControl);
        }
        if (chunked) {
            exchange.sendResponseHeaders(status, 0);
        } else {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        }
        OutputStream out = exchange.getResponseBody();
        for (int offset = 0; offset < body.length; offset += CHUNK) {
            out.write(body, offset, Math.min(CHUNK, body.length - offset));
        }
    }
}
