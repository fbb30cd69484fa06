// SecureBytes: key material in locked, guarded memory (libsodium sodium_malloc) that is wiped
// when freed. Move-only; never converted to QByteArray except where an API demands it.
#pragma once

#include <QByteArrayView>

#include <cstddef>

namespace htmse {

class SecureBytes
{
public:
    SecureBytes() = default;
    explicit SecureBytes(std::size_t size); // zero-filled; throws std::bad_alloc when out of memory
    static SecureBytes random(std::size_t size);
    static SecureBytes copyOf(QByteArrayView bytes);
    ~SecureBytes();

    SecureBytes(SecureBytes&& other) noexcept;
    SecureBytes& operator=(SecureBytes&& other) noexcept;
    SecureBytes(const SecureBytes&) = delete;
    SecureBytes& operator=(const SecureBytes&) = delete;

    unsigned char* data() { return m_data; }
    const unsigned char* data() const { return m_data; }
    std::size_t size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    QByteArrayView view() const { return {reinterpret_cast<const char*>(m_data), qsizetype(m_size)}; }
    // Constant-time comparison.
    bool equals(const SecureBytes& other) const;
    void wipe(); // zero and release now

private:
    unsigned char* m_data = nullptr;
    std::size_t m_size = 0;
};

// Initialises libsodium once; false if it cannot (then nothing cryptographic may run).
bool ensureSodium();

} // namespace htmse
