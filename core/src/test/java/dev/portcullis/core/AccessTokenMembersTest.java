package dev.portcullis.core;

import dev.portcullis.testkit.TokenBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the RFC 9068 check on ({@code portcullis.verify.typ}), the members RFC 9068 section 2.2 makes
 * mandatory are required too: {@code sub}, {@code iat}, {@code jti}, {@code client_id}, each refusal
 * naming its claim. Without the check, none of them is required.
 */
class AccessTokenMembersTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    /** A token with every RFC 9068 member (the testkit's defaults give sub, iat and jti). */
    private TokenBuilder accessToken() {
        return f.token().header("typ", "at+jwt").claim("client_id", "orders-client");
    }

    @Test
    void whenTheCheckIsOnAndEveryMemberIsPresentThenValid() {
        f.validator(b -> b.requireAccessTokenType(true));
        assertThat(f.validate(accessToken().build()).isValid()).isTrue();
    }

    @Test
    void whenTheCheckIsOnAndAMemberIsAbsentThenMissingClaimNamingIt() {
        f.validator(b -> b.requireAccessTokenType(true));
        for (String member : List.of("sub", "iat", "jti", "client_id")) {
            ValidationResult result =
                    f.validate(accessToken().claim(member, null).build());
            assertThat(reasonOf(result)).as(member).isEqualTo(FailureReason.MISSING_CLAIM);
            assertThat(result.rejection().orElseThrow().detail())
                    .as(member)
                    .startsWith("no " + member + " claim")
                    .contains("RFC 9068");
        }
    }

    @Test
    void whenTheCheckIsOnAndJtiOrClientIdIsNotAStringThenMalformed() {
        f.validator(b -> b.requireAccessTokenType(true));
        ValidationResult jti = f.validate(accessToken().claim("jti", 42).build());
        assertThat(reasonOf(jti)).isEqualTo(FailureReason.MALFORMED);
        assertThat(jti.rejection().orElseThrow().detail()).isEqualTo("jti is not a string");
        ValidationResult clientId =
                f.validate(accessToken().claim("client_id", List.of("a")).build());
        assertThat(reasonOf(clientId)).isEqualTo(FailureReason.MALFORMED);
        assertThat(clientId.rejection().orElseThrow().detail()).isEqualTo("client_id is not a string");
    }

    @Test
    void whenTheCheckIsOffThenNoneOfTheMembersIsRequired() {
        TokenBuilder bare = f.token().claim("sub", null).claim("iat", null).claim("jti", null);
        assertThat(f.validate(bare.build()).isValid()).isTrue();
        assertThat(f.validate(bare.claim("jti", 42).claim("client_id", 7).build())
                        .isValid())
                .isTrue();
    }

    @Test
    void whenExpAndAMemberAreBothAbsentThenTheDetailNamesExpFirst() {
        f.validator(b -> b.requireAccessTokenType(true));
        ValidationResult noExp =
                f.validate(accessToken().claim("exp", null).claim("jti", null).build());
        assertThat(reasonOf(noExp)).isEqualTo(FailureReason.MISSING_CLAIM);
        assertThat(noExp.rejection().orElseThrow().detail()).isEqualTo("no exp claim");
    }
}
