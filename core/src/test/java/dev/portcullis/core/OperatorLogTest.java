package dev.portcullis.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator reads: the effective configuration once, one WARN per persistent cause. */
class OperatorLogTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private static String text(LogRecord r) {
        return java.text.MessageFormat.format(r.getMessage(), r.getParameters());
    }

    @Test
    void whenBuiltThenOneInfoLineNamesTheEffectiveConfigurationWithoutSecrets() {
        try (LogCapture logs = new LogCapture("dev.portcullis")) {
            TokenValidator v = TokenValidator.builder(
                            f.config().requiredScopes("read:orders").build())
                    .name("orders")
                    .clock(f.clock)
                    .build();
            v.close();
            List<String> info =
                    logs.at(Level.INFO).stream().map(OperatorLogTest::text).toList();
            assertThat(info)
                    .anySatisfy(line -> assertThat(line)
                            .contains("Portcullis validator orders")
                            .contains(f.idp.issuer())
                            .contains("audiences [orders-api]")
                            .contains(f.idp.jwksUri().toString())
                            .contains("algorithms [RS256]")
                            .contains("leeway 60 s")
                            .contains("required scopes [read:orders]")
                            .contains("min refetch 10 s")
                            .contains("verified-token cache 10000 entries"));
        }
    }

    @Test
    void whenAudienceNeverMatchesThenOneWarnNamesTheCauseNotOnePerRequest() {
        try (LogCapture logs = new LogCapture("dev.portcullis")) {
            for (int i = 0; i < 50; i++) {
                f.validate(f.token().audience("account").build());
            }
            List<LogRecord> warns = logs.at(Level.WARNING).stream()
                    .filter(r -> text(r).contains("WRONG_AUDIENCE"))
                    .toList();
            assertThat(warns).hasSize(1);
            assertThat(text(warns.get(0))).contains("mp.jwt.verify.audiences").contains("orders-api");
            f.advance(Duration.ofMinutes(11));
            for (int i = 0; i < 10; i++) {
                f.validate(f.token()
                        .audience("account")
                        .expiresIn(Duration.ofHours(1))
                        .build());
            }
            assertThat(logs.at(Level.WARNING).stream().filter(r -> text(r).contains("WRONG_AUDIENCE")))
                    .hasSize(2);
        }
    }

    @Test
    void whenRefusalsAreMixedWithAcceptedTokensThenNoWarn() {
        try (LogCapture logs = new LogCapture("dev.portcullis")) {
            for (int i = 0; i < 50; i++) {
                f.validate(f.token()
                        .audience(i % 2 == 0 ? "account" : "orders-api")
                        .build());
            }
            assertThat(logs.at(Level.WARNING)).isEmpty();
        }
    }
}
