// Passwords (Argon2id through libsodium) and opaque bearer tokens (256 random bits, kept
// only as SHA-256 hashes by the store).
#pragma once

#include <QByteArray>
#include <QString>

namespace htmse::server::auth {

// crypto_pwhash_str with Argon2id; an empty string when hashing failed (out of memory).
QString hashPassword(const QByteArray& password);
bool verifyPassword(const QString& hash, const QByteArray& password);
// Spends the time a verification would, for user names that do not exist.
void verifyNothing(const QByteArray& password);

// "htmse_at_..." / "htmse_rt_..." + 43 base64url characters.
QByteArray newAccessToken();
QByteArray newRefreshToken();
QByteArray tokenHash(const QByteArray& token); // lower-case hex SHA-256
QString newFamily();

// The wait after `failures` consecutive failed sign-ins: none for the first 4, then
// 1, 2, 4 ... seconds, at most 15 minutes.
qint64 throttleDelayMs(int failures);

} // namespace htmse::server::auth
