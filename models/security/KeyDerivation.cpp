#include "security/KeyDerivation.h"

#include <QElapsedTimer>

#include <sodium.h>

namespace htmse {

bool KdfParameters::isSane() const
{
    return opsLimit >= crypto_pwhash_OPSLIMIT_MIN && opsLimit <= 64 && memLimitBytes >= KeyDerivation::kMinMemLimit &&
           memLimitBytes <= 4ull * 1024 * 1024 * 1024 && salt.size() == crypto_pwhash_SALTBYTES;
}

KdfParameters KeyDerivation::withLimits(quint64 opsLimit, quint64 memLimitBytes)
{
    ensureSodium();
    KdfParameters p{opsLimit, memLimitBytes, QByteArray(crypto_pwhash_SALTBYTES, Qt::Uninitialized)};
    randombytes_buf(p.salt.data(), std::size_t(p.salt.size()));
    return p;
}

KdfParameters KeyDerivation::tuned(int targetMs)
{
    // time(ops) = setup + ops * pass: the setup (allocating and filling the memory) is measured
    // apart from the cost of a pass, so neither is mistaken for the other.
    KdfParameters p = withLimits(1, kDefaultMemLimit);
    const SecureBytes probe = SecureBytes::copyOf("calibration");
    derive(probe, p); // warm-up: first-touch page faults
    const auto timeFor = [&](quint64 ops) {
        p.opsLimit = ops;
        QElapsedTimer timer;
        timer.start();
        derive(probe, p);
        return double(timer.nsecsElapsed()) / 1e6;
    };
    const double one = timeFor(1);
    const double three = timeFor(3);
    const double perPass = std::max(1.0, (three - one) / 2.0);
    const double setup = std::max(0.0, one - perPass);
    p.opsLimit = quint64(std::clamp((targetMs - setup) / perPass, 1.0, 16.0) + 0.5);
    p.salt = withLimits(1, kDefaultMemLimit).salt; // the calibration salt is never used for a key
    return p;
}

SecureBytes KeyDerivation::derive(const SecureBytes& passphrase, const KdfParameters& parameters)
{
    ensureSodium();
    if (!parameters.isSane())
        return {};
    SecureBytes out(kKeyBytes);
    const int rc =
        crypto_pwhash(out.data(), out.size(), reinterpret_cast<const char*>(passphrase.data()), passphrase.size(),
                      reinterpret_cast<const unsigned char*>(parameters.salt.constData()), parameters.opsLimit,
                      std::size_t(parameters.memLimitBytes), crypto_pwhash_ALG_ARGON2ID13);
    if (rc != 0)
        return {};
    return out;
}

KeyDerivation::Wrapped KeyDerivation::wrap(const SecureBytes& key, const SecureBytes& kek,
                                           const QByteArray& associatedData)
{
    ensureSodium();
    Wrapped w;
    w.nonce.resize(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    randombytes_buf(w.nonce.data(), std::size_t(w.nonce.size()));
    w.ciphertext.resize(qsizetype(key.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES));
    unsigned long long length = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        reinterpret_cast<unsigned char*>(w.ciphertext.data()), &length, key.data(), key.size(),
        reinterpret_cast<const unsigned char*>(associatedData.constData()), std::size_t(associatedData.size()), nullptr,
        reinterpret_cast<const unsigned char*>(w.nonce.constData()), kek.data());
    w.ciphertext.resize(qsizetype(length));
    return w;
}

std::optional<SecureBytes> KeyDerivation::unwrap(const Wrapped& wrapped, const SecureBytes& kek,
                                                 const QByteArray& associatedData)
{
    ensureSodium();
    if (wrapped.nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
        wrapped.ciphertext.size() != qsizetype(kKeyBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES) ||
        kek.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
        return std::nullopt;
    SecureBytes key(kKeyBytes);
    unsigned long long length = 0;
    const int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
        key.data(), &length, nullptr, reinterpret_cast<const unsigned char*>(wrapped.ciphertext.constData()),
        std::size_t(wrapped.ciphertext.size()), reinterpret_cast<const unsigned char*>(associatedData.constData()),
        std::size_t(associatedData.size()), reinterpret_cast<const unsigned char*>(wrapped.nonce.constData()),
        kek.data());
    if (rc != 0 || length != kKeyBytes)
        return std::nullopt;
    return key;
}

} // namespace htmse
