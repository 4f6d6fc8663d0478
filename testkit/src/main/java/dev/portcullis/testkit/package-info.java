/**
 * Portcullis testkit: a loopback identity provider for testing code that validates OAuth 2.0 bearer JWTs.
 *
 * <ul>
 *   <li>{@link dev.portcullis.testkit.LocalIdp} serves a JWKS and an OpenID discovery document on 127.0.0.1,
 *       rotates keys, mints tokens and can be told to misbehave;</li>
 *   <li>{@link dev.portcullis.testkit.TokenBuilder} builds signed tokens with sensible defaults;</li>
 *   <li>{@link dev.portcullis.testkit.TestKey} is an RSA or EC signing key with a kid;</li>
 *   <li>{@link dev.portcullis.testkit.Tokens} assembles hand-crafted (hostile) tokens from raw parts;</li>
 *   <li>{@link dev.portcullis.testkit.MutableClock} lets tests move time instead of sleeping.</li>
 * </ul>
 */
package dev.portcullis.testkit;
