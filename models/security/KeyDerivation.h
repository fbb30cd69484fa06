// KeyDerivation: passphrase -> key-encryption key with Argon2id (libsodium crypto_pwhash), and
// the wrapping of the random database key with XChaCha20-Poly1305.
#pragma once

#include "core/SecureBytes.h"

#include <QByteArray>

#include <optional>

namespace htmse {

struct KdfParameters
{
    quint64 opsLimit = 0;
    quint64 memLimitBytes = 0;
    QByteArray salt; // crypto_pwhash_SALTBYTES

    bool isSane() const; // within libsodium's limits and the project's floors
    friend bool operator==(const KdfParameters&, const KdfParameters&) = default;
};

class KeyDerivation
{
public:
    static constexpr std::size_t kKeyBytes = 32;
    static constexpr quint64 kMinMemLimit = 8ull * 1024 * 1024; // floor for --kdf-memory
    static constexpr quint64 kDefaultMemLimit = 128ull * 1024 * 1024;

    // Parameters that take about targetMs on this machine at kDefaultMemLimit (memory-hard first,
    // then iterations), with a fresh salt. Measured once per profile creation.
    static KdfParameters tuned(int targetMs = 500);
    static KdfParameters withLimits(quint64 opsLimit, quint64 memLimitBytes); // fresh salt
    // Derives 32 bytes; empty on failure (out of memory).
    static SecureBytes derive(const SecureBytes& passphrase, const KdfParameters& parameters);

    struct Wrapped
    {
        QByteArray nonce;      // crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
        QByteArray ciphertext; // key + tag
    };
    // Encrypts `key` under `kek`, binding it to `associatedData` (the profile's metadata).
    static Wrapped wrap(const SecureBytes& key, const SecureBytes& kek, const QByteArray& associatedData);
    // nullopt when the tag does not verify: wrong passphrase or tampered metadata.
    static std::optional<SecureBytes> unwrap(const Wrapped& wrapped, const SecureBytes& kek,
                                             const QByteArray& associatedData);
};

} // namespace htmse
