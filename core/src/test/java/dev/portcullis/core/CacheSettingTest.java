package dev.portcullis.core;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code portcullis.cache.max-entries}: the size of the verified-token cache, 10,000 by default, 0 for none. */
class CacheSettingTest {
    private static ValidatorConfig read(Map<String, String> extra) {
        Map<String, String> props = new java.util.HashMap<>(Map.of(
                "mp.jwt.verify.issuer", "https://idp.example.com/realms/shop",
                "mp.jwt.verify.audiences", "orders-api"));
        props.putAll(extra);
        return ValidatorConfig.fromProperties(name -> Optional.ofNullable(props.get(name)));
    }

    @Test
    void whenNotSetThenTenThousandEntries() {
        assertThat(read(Map.of()).cacheMaxEntries()).isEqualTo(10_000);
        assertThat(ValidatorConfig.builder()
                        .issuer("https://i")
                        .audiences("a")
                        .build()
                        .cacheMaxEntries())
                .isEqualTo(10_000);
    }

    @Test
    void whenSetThenThatSizeAndZeroDisables() {
        assertThat(read(Map.of("portcullis.cache.max-entries", "500")).cacheMaxEntries())
                .isEqualTo(500);
        assertThat(read(Map.of("portcullis.cache.max-entries", " 0 ")).cacheMaxEntries())
                .isZero();
    }

    @Test
    void whenNegativeOrNotANumberThenStartupFailsNamingTheProperty() {
        assertThatThrownBy(() -> read(Map.of("portcullis.cache.max-entries", "-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("portcullis.cache.max-entries='-1'")
                .hasMessageContaining("0 (no cache) or more");
        assertThatThrownBy(() -> read(Map.of("portcullis.cache.max-entries", "lots")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("portcullis.cache.max-entries='lots': expected a whole number");
        assertThatThrownBy(() -> ValidatorConfig.builder().cacheMaxEntries(-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-5");
    }
}
