#include "server/Auth.h"

#include <QCryptographicHash>
#include <QUuid>

#include <algorithm>
#include <sodium.h>

namespace htmse::server::auth {

namespace {

QByteArray randomToken(const char* prefix)
{
    QByteArray raw(32, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    return QByteArray(prefix) + raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

const QString& dummyHash()
{
    static const QString hash = hashPassword(QByteArrayLiteral("a password nobody has"));
    return hash;
}

} // namespace

QString hashPassword(const QByteArray& password)
{
    if (sodium_init() < 0)
        return {};
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.constData(), quint64(password.size()), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return {};
    return QString::fromLatin1(out);
}

bool verifyPassword(const QString& hash, const QByteArray& password)
{
    if (sodium_init() < 0)
        return false;
    const QByteArray h = hash.toLatin1();
    if (h.isEmpty() || h.size() >= crypto_pwhash_STRBYTES)
        return false;
    return crypto_pwhash_str_verify(h.constData(), password.constData(), quint64(password.size())) == 0;
}

void verifyNothing(const QByteArray& password)
{
    verifyPassword(dummyHash(), password);
}

QByteArray newAccessToken()
{
    return randomToken("htmse_at_");
}

QByteArray newRefreshToken()
{
    return randomToken("htmse_rt_");
}

QByteArray tokenHash(const QByteArray& token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex();
}

QString newFamily()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

qint64 throttleDelayMs(int failures)
{
    if (failures < 5)
        return 0;
    const int exponent = std::min(failures - 5, 10);
    return std::min<qint64>(qint64(1000) << exponent, 15 * 60 * 1000);
}

} // namespace htmse::server::auth
