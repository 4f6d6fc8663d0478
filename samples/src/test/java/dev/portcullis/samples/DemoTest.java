package dev.portcullis.samples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's demo runs as a newcomer would see it, and every verdict is the expected one. */
class DemoTest {
    @Test
    void whenDemoRunsThenEveryCaseGetsItsExpectedVerdict() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int mismatches = Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(mismatches).as(output).isZero();
        assertThat(output).contains("All verdicts as expected.")
                .contains("-> 200")
                .contains("error=\"invalid_token\", error_description=\"The access token expired\"")
                .contains("error=\"insufficient_scope\"")
                .contains("JWKS fetches: 2");
    }
}
