package dev.portcullis.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One settings reader: its sources, their order, MicroProfile's environment names. */
class SettingsTest {
    private static final String KEY = "portcullis.test.settings.value";

    @TempDir
    Path dir;

    @AfterEach
    void clearSystemProperties() {
        System.clearProperty(KEY);
        System.clearProperty("portcullis.filter.scopes./sys/*");
    }

    /** A class loader holding one microprofile-config.properties per text, nothing else. */
    private ClassLoader loader(String... files) throws IOException {
        URL[] urls = new URL[files.length];
        for (int i = 0; i < files.length; i++) {
            Path root = Files.createDirectories(dir.resolve("cp" + i));
            Files.createDirectories(root.resolve("META-INF"));
            Files.writeString(root.resolve("META-INF/microprofile-config.properties"), files[i]);
            urls[i] = root.toUri().toURL();
        }
        return new URLClassLoader(urls, null);
    }

    private Settings.Builder withoutMp(ClassLoader loader, Map<String, String> env) {
        return Settings.builder().microProfileConfig(false).classLoader(loader).environment(env);
    }

    @Test
    void whenNoMicroProfileConfigThenSystemPropertiesWinOverEnvironmentOverPropertiesFile() throws IOException {
        ClassLoader cl = loader(KEY + "=file\n");
        assertThat(withoutMp(cl, Map.of()).build().get(KEY)).hasValue("file");
        assertThat(withoutMp(cl, Map.of("PORTCULLIS_TEST_SETTINGS_VALUE", "env"))
                        .build()
                        .get(KEY))
                .hasValue("env");
        System.setProperty(KEY, "system");
        assertThat(withoutMp(cl, Map.of("PORTCULLIS_TEST_SETTINGS_VALUE", "env"))
                        .build()
                        .get(KEY))
                .hasValue("system");
    }

    @Test
    void whenParametersAreAddedThenTheyWinInTheOrderAdded() throws IOException {
        System.setProperty(KEY, "system");
        Settings s = withoutMp(loader(KEY + "=file\n"), Map.of())
                .parameters("filter init parameters", Map.of("other", "x")::get, List.of("other"))
                .parameters("context parameters", Map.of(KEY, "context")::get, List.of(KEY))
                .build();
        assertThat(s.get(KEY)).hasValue("context");
        assertThat(s.sourceNames())
                .containsExactly(
                        "filter init parameters",
                        "context parameters",
                        "system properties",
                        "environment variables",
                        "META-INF/microprofile-config.properties (100)");
        Settings first = withoutMp(loader(), Map.of())
                .parameters("filter init parameters", Map.of(KEY, "init")::get, List.of(KEY))
                .parameters("context parameters", Map.of(KEY, "context")::get, List.of(KEY))
                .build();
        assertThat(first.get(KEY)).hasValue("init");
    }

    @Test
    void whenLookingUpTheEnvironmentThenMicroProfilesThreeNamesAreTried() {
        assertThat(Settings.environmentNames("mp.jwt.verify.issuer"))
                .containsExactly("mp.jwt.verify.issuer", "mp_jwt_verify_issuer", "MP_JWT_VERIFY_ISSUER");
        assertThat(withoutMp(null, Map.of("mp.jwt.verify.issuer", "exact"))
                        .build()
                        .get("mp.jwt.verify.issuer"))
                .hasValue("exact");
        assertThat(withoutMp(null, Map.of("mp_jwt_verify_issuer", "lower"))
                        .build()
                        .get("mp.jwt.verify.issuer"))
                .hasValue("lower");
        assertThat(withoutMp(null, Map.of("MP_JWT_VERIFY_ISSUER", "upper"))
                        .build()
                        .get("mp.jwt.verify.issuer"))
                .hasValue("upper");
        assertThat(withoutMp(null, Map.of("MP_JWT_VERIFY_ISSUER", "upper", "mp_jwt_verify_issuer", "lower"))
                        .build()
                        .get("mp.jwt.verify.issuer"))
                .hasValue("lower");
        assertThat(Settings.environmentNames("portcullis.jwks.min-refetch-interval")
                        .get(2))
                .isEqualTo("PORTCULLIS_JWKS_MIN_REFETCH_INTERVAL");
    }

    @Test
    void whenSeveralPropertiesFilesThenTheHigherConfigOrdinalWins() throws IOException {
        ClassLoader cl = loader(KEY + "=low\n", "config_ordinal=200\n" + KEY + "=high\n", KEY + "=default\n");
        assertThat(withoutMp(cl, Map.of()).build().get(KEY)).hasValue("high");
        ClassLoader aboveEnv = loader("config_ordinal=350\n" + KEY + "=file\n");
        assertThat(withoutMp(aboveEnv, Map.of("PORTCULLIS_TEST_SETTINGS_VALUE", "env"))
                        .build()
                        .get(KEY))
                .hasValue("file");
    }

    @Test
    void whenConfigOrdinalIsNotANumberThenBuildFailsNamingIt() throws IOException {
        ClassLoader cl = loader("config_ordinal=high\n");
        assertThatThrownBy(() -> withoutMp(cl, Map.of()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("config_ordinal='high'");
    }

    @Test
    void whenAValueIsBlankThenTheNextSourceIsRead() throws IOException {
        Settings s = withoutMp(loader(KEY + "= value \n"), Map.of())
                .parameters("context parameters", Map.of(KEY, "  ")::get, List.of(KEY))
                .build();
        assertThat(s.get(KEY)).hasValue("value");
    }

    @Test
    void whenEnumeratingAPrefixThenEverySourceButTheEnvironmentCountsAndTheFirstValueWins() throws IOException {
        System.setProperty("portcullis.filter.scopes./sys/*", "sys:scope");
        Settings s = withoutMp(
                        loader("portcullis.filter.scopes./file/*=file:scope\nportcullis.filter.scopes./ctx/*=hidden\n"),
                        Map.of("PORTCULLIS_FILTER_SCOPES__ENV__", "env:scope"))
                .parameters(
                        "context parameters",
                        Map.of("portcullis.filter.scopes./ctx/*", "ctx:scope")::get,
                        List.of("portcullis.filter.scopes./ctx/*"))
                .build();
        assertThat(s.withPrefix("portcullis.filter.scopes."))
                .containsOnly(
                        Map.entry("/ctx/*", "ctx:scope"),
                        Map.entry("/sys/*", "sys:scope"),
                        Map.entry("/file/*", "file:scope"));
    }

    @Test
    void whenMicroProfileConfigIsPresentThenItReadsTheApplicationsPropertiesFile() throws IOException {
        Settings s =
                Settings.builder().classLoader(loader(KEY + "=through-mp\n")).build();
        assertThat(s.sourceNames()).containsExactly("MicroProfile Config");
        assertThat(s.get(KEY)).hasValue("through-mp");
        assertThat(s.withPrefix("portcullis.test.settings.")).containsEntry("value", "through-mp");
    }

    @Test
    void whenBuiltThenOneInfoLineNamesTheSourcesButNoValue() throws IOException {
        try (LogCapture logs = new LogCapture("dev.portcullis.config")) {
            withoutMp(loader(KEY + "=secret-value\n"), Map.of())
                    .application("orders")
                    .build();
            assertThat(logs.at(Level.INFO))
                    .singleElement()
                    .satisfies(r -> assertThat(java.text.MessageFormat.format(r.getMessage(), r.getParameters()))
                            .isEqualTo(
                                    "Portcullis settings of orders read from: system properties, environment variables,"
                                            + " META-INF/microprofile-config.properties (100)"));
        }
    }

    @Test
    void whenTheContextRootIsTheRootThenTheRealmIsApiElseTheContextRootUnlessConfigured() throws MalformedURLException {
        Settings none = withoutMp(null, Map.of()).build();
        assertThat(none.realm("")).isEqualTo("api");
        assertThat(none.realm("/")).isEqualTo("api");
        assertThat(none.realm(null)).isEqualTo("api");
        assertThat(none.realm("/orders")).isEqualTo("orders");
        Settings configured =
                withoutMp(null, Map.of("PORTCULLIS_REALM", "shop")).build();
        assertThat(configured.realm("/orders")).isEqualTo("shop");
    }

    @Test
    void whenReadingTheValidatorConfigThenEveryMpJwtNameComesFromTheSources() throws IOException {
        ValidatorConfig c = withoutMp(
                        loader(
                                "mp.jwt.verify.issuer=https://idp.example\nmp.jwt.verify.publickey.location=https://idp.example/certs\n"),
                        Map.of("MP_JWT_VERIFY_AUDIENCES", "orders-api"))
                .build()
                .validatorConfig();
        assertThat(c.issuers()).singleElement().satisfies(p -> {
            assertThat(p.issuer()).isEqualTo("https://idp.example");
            assertThat(p.audiences()).containsExactly("orders-api");
        });
    }
}
