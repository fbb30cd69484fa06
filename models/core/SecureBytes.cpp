#include "core/SecureBytes.h"

#include <cstring>
#include <new>
#include <sodium.h>
#include <utility>

namespace htmse {

bool ensureSodium()
{
    static const bool ok = sodium_init() >= 0;
    return ok;
}

SecureBytes::SecureBytes(std::size_t size)
{
    if (size == 0)
        return;
    ensureSodium();
    m_data = static_cast<unsigned char*>(sodium_malloc(size));
    if (!m_data)
        throw std::bad_alloc();
    sodium_memzero(m_data, size);
    m_size = size;
}

SecureBytes SecureBytes::random(std::size_t size)
{
    SecureBytes out(size);
    if (size > 0)
        randombytes_buf(out.m_data, size);
    return out;
}

SecureBytes SecureBytes::copyOf(QByteArrayView bytes)
{
    SecureBytes out(std::size_t(bytes.size()));
    if (!bytes.isEmpty())
        std::memcpy(out.m_data, bytes.data(), std::size_t(bytes.size()));
    return out;
}

SecureBytes::~SecureBytes()
{
    wipe();
}

SecureBytes::SecureBytes(SecureBytes&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr))
    , m_size(std::exchange(other.m_size, 0))
{}

SecureBytes& SecureBytes::operator=(SecureBytes&& other) noexcept
{
    if (this != &other) {
        wipe();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

bool SecureBytes::equals(const SecureBytes& other) const
{
    return m_size == other.m_size && (m_size == 0 || sodium_memcmp(m_data, other.m_data, m_size) == 0);
}

void SecureBytes::wipe()
{
    if (m_data)
        sodium_free(m_data); // zeroes before unmapping
    m_data = nullptr;
    m_size = 0;
}

} // namespace htmse
